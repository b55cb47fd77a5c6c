package web

import (
	"slices"
	"testing"

	"github.com/vanban/vanban/generator"
)

// The form's fields are the schema's keys, with the schema's kind, label,
// choices and repetition, in the schema's order within each group.
func TestFieldsFollowTheSchema(t *testing.T) {
	schema := map[string]generator.KeySpec{}
	for _, k := range generator.Schema() {
		schema[k.Key] = k
	}
	if len(docFields) != len(schema) {
		t.Errorf("%d fields for %d keys", len(docFields), len(schema))
	}
	for _, f := range docFields {
		k, ok := schema[f.Key]
		switch {
		case !ok:
			t.Errorf("field %s is no key of the schema", f.Key)
		case string(k.Kind) != f.Kind || k.Label != f.Label || k.Repeat != f.Repeat || !slices.Equal(k.Choices, f.Choices):
			t.Errorf("field %s: kind %q label %q repeat %v choices %q; the schema says %q %q %v %q",
				f.Key, f.Kind, f.Label, f.Repeat, f.Choices, k.Kind, k.Label, k.Repeat, k.Choices)
		case k.Required != f.Required && !k.Repeat:
			t.Errorf("field %s: required %v, the schema says %v", f.Key, f.Required, k.Required)
		}
	}
}
