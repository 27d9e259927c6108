package bot

import (
	"context"
	"strings"
	"testing"

	tg "github.com/go-telegram/bot"

	"realtybot/bot/telegramtest"
)

// Agents' menu has no admin command; each admin's chat has them all; an
// admin removed from the list goes back to the agents' menu.
func TestMenusAreScopedByRole(t *testing.T) {
	srv := telegramtest.NewServer()
	defer srv.Close()
	api, err := tg.New(telegramtest.Token, tg.WithServerURL(srv.URL), tg.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var m menus
	if err := m.sync(ctx, api, []int64{1, 2}); err != nil {
		t.Fatal(err)
	}
	def := srv.Commands()
	if !strings.Contains(def, `"command":"search"`) || !strings.Contains(def, `"command":"watch"`) || strings.Contains(def, `"command":"usage"`) || strings.Contains(def, `"command":"refresh"`) {
		t.Fatalf("agents' menu: %s", def)
	}
	for _, chat := range []string{"chat:1", "chat:2"} {
		if got := srv.CommandsFor(chat); !strings.Contains(got, `"command":"usage"`) || !strings.Contains(got, `"command":"quota"`) || !strings.Contains(got, `"command":"search"`) {
			t.Fatalf("%s menu: %s", chat, got)
		}
	}
	calls := srv.Calls("setMyCommands")
	if err := m.sync(ctx, api, []int64{2}); err != nil {
		t.Fatal(err)
	}
	if srv.CommandsFor("chat:1") != "" || srv.CommandsFor("chat:2") == "" || srv.Calls("setMyCommands") != calls {
		t.Fatalf("after admin 1 left: chat:1 %q, chat:2 %q, %d more setMyCommands", srv.CommandsFor("chat:1"), srv.CommandsFor("chat:2"), srv.Calls("setMyCommands")-calls)
	}
}
