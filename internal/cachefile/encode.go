package cachefile

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// TimeLayout is how the AWS CLI v2 writes times in cache files: UTC, whole seconds, "Z".
const TimeLayout = "2006-01-02T15:04:05Z"

// Field is one key of a JSON object, kept in order.
type Field struct {
	Key   string
	Value any
}

// Object is a JSON object whose keys keep their order. Values may be string, bool, int, int64,
// float64, time.Time (written in TimeLayout), []string (nil writes null), nil, Object,
// json.Number, or json.RawMessage (re-laid out in Python's style).
type Object []Field

// Key returns the cache file name stem for s: the lowercase hex sha1 of its UTF-8 bytes.
func Key(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Marshal encodes o exactly as Python's json.dumps(o) does: ", " between items, ": " after
// keys, non-ASCII escaped as \uXXXX, no trailing newline.
func Marshal(o Object) ([]byte, error) {
	var b bytes.Buffer
	if err := writeValue(&b, o); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// PythonSortedJSON returns json.dumps(v, sort_keys=True) for a flat object of strings, string
// lists and nulls, with the separators given (Python's defaults are ", " and ": "). Cache
// keys of the AWS CLI are sha1 sums of such strings.
func PythonSortedJSON(o Object, itemSep, keySep string) ([]byte, error) {
	sorted := append(Object(nil), o...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j].Key < sorted[j-1].Key; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range sorted {
		if i > 0 {
			b.WriteString(itemSep)
		}
		WriteString(&b, f.Key)
		b.WriteString(keySep)
		if list, ok := f.Value.([]string); ok && list != nil {
			b.WriteByte('[')
			for j, s := range list {
				if j > 0 {
					b.WriteString(itemSep)
				}
				WriteString(&b, s)
			}
			b.WriteByte(']')
			continue
		}
		if err := writeValue(&b, f.Value); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeValue(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		WriteString(b, v)
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	case json.Number:
		b.WriteString(v.String())
	case time.Time:
		WriteString(b, v.UTC().Format(TimeLayout))
	case []string:
		if v == nil {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('[')
		for i, s := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			WriteString(b, s)
		}
		b.WriteByte(']')
	case []any:
		b.WriteByte('[')
		for i, item := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeValue(b, item); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case Object:
		b.WriteByte('{')
		for i, f := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			WriteString(b, f.Key)
			b.WriteString(": ")
			if err := writeValue(b, f.Value); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case json.RawMessage:
		return relayout(b, v)
	default:
		return fmt.Errorf("cachefile: cannot encode %T", v)
	}
	return nil
}

// WriteString writes s as a JSON string as Python's json.dumps does with ensure_ascii=True.
func WriteString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20 || (r >= 0x7f && r <= 0xffff):
			writeEscape(b, r)
		case r > 0xffff:
			r -= 0x10000
			writeEscape(b, 0xd800+(r>>10))
			writeEscape(b, 0xdc00+(r&0x3ff))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// writeEscape writes r as a \uXXXX escape with lowercase hex digits, as Python does.
func writeEscape(b *bytes.Buffer, r rune) {
	const hexDigits = "0123456789abcdef"
	b.WriteString(`\u`)
	b.WriteByte(hexDigits[r>>12&0xf])
	b.WriteByte(hexDigits[r>>8&0xf])
	b.WriteByte(hexDigits[r>>4&0xf])
	b.WriteByte(hexDigits[r&0xf])
}

// relayout re-encodes one raw JSON value in Python's layout, keeping key order and numbers.
func relayout(b *bytes.Buffer, raw json.RawMessage) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		return err
	}
	return writeValue(b, v)
}

// decodeOrdered reads one JSON value, turning objects into Object (order kept), arrays into
// []any and numbers into json.Number.
func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	switch delim {
	case '{':
		obj := Object{}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			val, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			obj = append(obj, Field{Key: keyTok.(string), Value: val})
		}
		_, err = dec.Token()
		return obj, err
	default:
		var list []any
		for dec.More() {
			val, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			list = append(list, val)
		}
		_, err = dec.Token()
		return list, err
	}
}
