package telegramtest

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf16"
)

// The checks the fake makes of what the bot sends, as the Bot API does.

// checkMarkup enforces the callback_data limit of 1-64 bytes.
func checkMarkup(markup string) error {
	if markup == "" {
		return nil
	}
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(markup), &kb); err != nil {
		return err
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if n := len(b.CallbackData); n == 0 || n > 64 {
				return errBadData
			}
		}
	}
	return nil
}

// checkText checks a message's text as Telegram does: HTML when parse_mode
// says so, else plain text of 1 to MaxText UTF-16 units.
func checkText(text, parseMode string) error {
	if strings.EqualFold(parseMode, "HTML") {
		return CheckHTML(text)
	}
	if n := len(utf16.Encode([]rune(text))); strings.TrimSpace(text) == "" || n > MaxText {
		return errors.New("message text is empty or too long")
	}
	return nil
}
