// Package bot is the Telegram bot: long polling or a webhook, at-least-once
// intake through L2's inbox with duplicates dropped, per-chat ordered
// dispatch with a separate lane for strangers, and the paced sender.
// telegramtest is a fake Bot API for its tests.
package bot
