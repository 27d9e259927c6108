package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"realtybot/clock"
	"realtybot/handlers"
)

// menus keeps Telegram's command menus scoped by role: the agents' commands
// for every chat, and every command in each admin's own chat. The admin
// list changes with the configuration, so it is checked again now and then.
type menus struct {
	mu        sync.Mutex
	published bool           // the default menu is up
	admins    map[int64]bool // admins whose chat has the full menu
}

// menuCheck is how often the admin list is compared with the menus.
const menuCheck = 30 * time.Second

func botCommands(admin bool) []models.BotCommand {
	var out []models.BotCommand
	for _, c := range handlers.Commands(admin) {
		out = append(out, models.BotCommand{Command: c.Name, Description: c.Help})
	}
	return out
}

// sync publishes what changed since the last call: the default menu once,
// the full menu in a new admin's chat, and the scoped menu removed from a
// former admin's chat (who then sees the default one).
func (m *menus) sync(ctx context.Context, api *tg.Bot, admins []int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.published {
		if _, err := api.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: botCommands(false)}); err != nil {
			return fmt.Errorf("setMyCommands (agents): %w", err)
		}
		m.published, m.admins = true, map[int64]bool{}
	}
	now := map[int64]bool{}
	for _, id := range admins {
		now[id] = true
		if m.admins[id] {
			continue
		}
		if _, err := api.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: botCommands(true), Scope: &models.BotCommandScopeChat{ChatID: id}}); err != nil {
			return fmt.Errorf("setMyCommands (admin %d): %w", id, err)
		}
		m.admins[id] = true
	}
	for id := range m.admins {
		if now[id] {
			continue
		}
		if _, err := api.DeleteMyCommands(ctx, &tg.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: id}}); err != nil {
			return fmt.Errorf("deleteMyCommands (former admin %d): %w", id, err)
		}
		delete(m.admins, id)
	}
	return nil
}

// KeepMenus keeps the command menus in step with the admin list until ctx
// ends.
func (b *Bot) KeepMenus(ctx context.Context) {
	clock.Every(ctx, b.cfg.Clock, menuCheck, func(ctx context.Context) {
		if err := b.menus.sync(ctx, b.api, b.cfg.Access.Admins()); err != nil {
			b.cfg.Log.Warn("command menus not updated; retrying", "err", err)
		}
	})
}
