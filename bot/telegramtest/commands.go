package telegramtest

import (
	"encoding/json"
	"errors"
	"strconv"
)

// commandScope reads a BotCommandScope as the Bot API does; the fake knows
// the three scopes the reference lists (default, all private chats, a chat)
// and refuses the rest.
func commandScope(raw string) (string, error) {
	if raw == "" {
		return "default", nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return "", errors.New("can't parse BotCommandScope JSON object")
	}
	switch sc.Type {
	case "default", "all_private_chats":
		return sc.Type, nil
	case "chat":
		id, err := strconv.ParseInt(string(sc.ChatID), 10, 64)
		if err != nil {
			return "", errors.New("chat not found")
		}
		return "chat:" + strconv.FormatInt(id, 10), nil
	}
	return "", errors.New("unsupported bot command scope type " + strconv.Quote(sc.Type))
}

// checkCommands applies the Bot API's rules: at most 100 commands, each
// named by 1-32 of a-z, 0-9 and _, with a description of 1-256 characters.
func checkCommands(raw string) error {
	var cmds []struct {
		Command     string `json:"command"`
		Description string `json:"description"`
	}
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		return errors.New("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return errors.New("too many commands specified")
	}
	for _, c := range cmds {
		if len(c.Command) < 1 || len(c.Command) > 32 {
			return errors.New("command must be non-empty and at most 32 characters")
		}
		for _, r := range c.Command {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
				return errors.New("command can contain only lowercase English letters, digits and underscores")
			}
		}
		if n := len([]rune(c.Description)); n < 1 || n > 256 {
			return errors.New("command description must be 1-256 characters")
		}
	}
	return nil
}
