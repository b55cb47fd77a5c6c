// Package suggest finds the word a typo was meant to be, for error messages
// that ask "did you mean ...?".
package suggest

import (
	"fmt"
	"strings"
)

// Closest returns the option nearest to word, ignoring case, if one is
// within two edits of it, or else the only option that starts with word
// (of three letters or more); otherwise "".
func Closest(word string, options []string) string {
	best, bestD := "", 3
	word = strings.ToLower(word)
	var prefixed []string
	for _, o := range options {
		lo := strings.ToLower(o)
		if d := distance(word, lo); d < bestD {
			best, bestD = o, d
		}
		if len(word) >= 3 && strings.HasPrefix(lo, word) {
			prefixed = append(prefixed, o)
		}
	}
	if best == "" && len(prefixed) == 1 {
		best = prefixed[0]
	}
	return best
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// Hint returns " (did you mean "x"?)" and its Vietnamese, for the option
// Closest finds, or two empty strings.
func Hint(word string, options []string) (en, vi string) {
	return Phrases(Closest(word, options))
}

// Phrases returns the hint for an option already chosen, or two empty
// strings for "".
func Phrases(option string) (en, vi string) {
	if option == "" {
		return "", ""
	}
	return fmt.Sprintf(" (did you mean %q?)", option), fmt.Sprintf(" (có phải %q?)", option)
}
