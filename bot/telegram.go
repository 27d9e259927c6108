package bot

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"realtybot/access"
	"realtybot/clock"
	"realtybot/handlers"
)

// update is what the dispatcher queues: the Telegram update and its chat.
type update struct {
	chat int64
	raw  *models.Update
	body []byte      // the update's JSON as Telegram sent it, when the transport has it (the webhook's body)
	role access.Role // the sender's, looked up once at intake; a stranger's sends give way to agents' in the chat
	at   time.Time   // when it was taken in: the request's one instant (clock.WithInstant)
}

// telegram turns updates into handler requests and replies into Bot API
// calls.
type session struct {
	api      *tg.Bot
	username string // without @, from getMe
	h        *handlers.Handler
	send     *sender
	log      *slog.Logger
	redact   func(string) string // every text that leaves for Telegram passes here
}

// chatOf returns the chat an update belongs to (0 for kinds the bot ignores).
func chatOf(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil:
		return u.CallbackQuery.Message.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message.InaccessibleMessage != nil:
		return u.CallbackQuery.Message.InaccessibleMessage.Chat.ID
	}
	return 0
}

// forOtherBot reports whether a command names another bot (/cmd@OtherBot).
func (t *session) forOtherBot(text string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	_, target, ok := strings.Cut(first, "@")
	return ok && !strings.EqualFold(target, t.username)
}

func (t *session) handle(ctx context.Context, u *update) {
	var sw clock.Stopwatch
	debug := t.log.Enabled(ctx, slog.LevelDebug) // the stopwatch's two clock reads only for its log line
	if debug {
		sw = clock.Start()
	}
	if u.role == access.Stranger {
		ctx = giveWay(ctx)
	}
	if !u.at.IsZero() {
		ctx = clock.WithInstant(ctx, u.at)
	}
	ctx = access.WithRole(ctx, u.role)
	switch m, cq := u.raw.Message, u.raw.CallbackQuery; {
	case m != nil && m.From != nil && m.Text != "":
		if t.forOtherBot(m.Text) || (m.Chat.Type != models.ChatTypePrivate && !strings.HasPrefix(m.Text, "/")) {
			return // group chatter and other bots' commands are not for us
		}
		r := t.h.Handle(ctx, handlers.Request{UserID: m.From.ID, ChatID: m.Chat.ID, Text: m.Text, Name: nameOf(m.From)})
		t.reply(ctx, m.Chat.ID, r)
	case cq != nil && cq.Data == "":
		// A button without data (a game's, or a client's glitch) asks for
		// nothing: the spinner stops and the message stays as it is.
		t.send.do(ctx, u.chat, "answerCallbackQuery", false, func(ctx context.Context) error {
			_, err := t.api.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cq.ID})
			return err
		})
	case cq != nil:
		r := t.h.Handle(ctx, handlers.Request{UserID: cq.From.ID, ChatID: u.chat, Callback: cq.Data, Name: nameOf(&cq.From)})
		// Always answer the query: the client shows a spinner until we do.
		t.send.do(ctx, u.chat, "answerCallbackQuery", false, func(ctx context.Context) error {
			_, err := t.api.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cq.ID, Text: t.redact(r.Toast)})
			return err
		})
		if r.Text != "" && cq.Message.Message != nil {
			t.edit(ctx, u.chat, cq.Message.Message.ID, r)
		}
	default:
		return
	}
	if debug {
		t.log.Debug("update handled", "chat", u.chat, "duration", sw.Elapsed())
	}
}

// nameOf is the name a user goes by: the first name, and the @username
// when there is one.
func nameOf(u *models.User) string {
	if u == nil {
		return ""
	}
	name := strings.TrimSpace(u.FirstName)
	if u.Username != "" {
		name += " (@" + u.Username + ")"
	}
	return strings.TrimSpace(name)
}

func markup(k handlers.Keyboard) models.ReplyMarkup {
	if k.IsZero() {
		return nil
	}
	kb := k.Rows()
	rows := make([][]models.InlineKeyboardButton, len(kb))
	for i, row := range kb {
		for _, b := range row {
			rows[i] = append(rows[i], models.InlineKeyboardButton{Text: b.Text, CallbackData: b.Data})
		}
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func (t *session) reply(ctx context.Context, chat int64, r handlers.Reply) {
	r.Text, r.Caption = t.redact(r.Text), t.redact(r.Caption)
	t.send.do(ctx, chat, "sendMessage", true, func(ctx context.Context) error {
		_, err := t.api.SendMessage(ctx, &tg.SendMessageParams{ChatID: chat, Text: r.Text, ParseMode: models.ParseModeHTML,
			ReplyMarkup: markup(r.Keyboard), LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tg.True()}})
		return err
	})
	if len(r.Photo) > 0 {
		t.send.do(ctx, chat, "sendPhoto", true, func(ctx context.Context) error {
			_, err := t.api.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: chat, Caption: r.Caption,
				Photo: &models.InputFileUpload{Filename: "trend.png", Data: bytes.NewReader(r.Photo)}})
			return err
		})
	}
}

func (t *session) edit(ctx context.Context, chat int64, msg int, r handlers.Reply) {
	r.Text = t.redact(r.Text)
	t.send.do(ctx, chat, "editMessageText", true, func(ctx context.Context) error {
		_, err := t.api.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: chat, MessageID: msg, Text: r.Text,
			ParseMode: models.ParseModeHTML, ReplyMarkup: markup(r.Keyboard)})
		if err != nil && strings.Contains(err.Error(), "message is not modified") {
			return nil // the same page pressed twice
		}
		return err
	})
}
