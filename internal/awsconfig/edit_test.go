package awsconfig

import (
	"reflect"
	"strings"
	"testing"
)

func TestEdit(t *testing.T) {
	type op func(*Document) error
	set := func(ref SectionRef, k, v string) op { return func(d *Document) error { return d.Set(ref, k, v) } }
	del := func(ref SectionRef, k string) op { return func(d *Document) error { d.Delete(ref, k); return nil } }
	rm := func(ref SectionRef) op { return func(d *Document) error { d.RemoveSection(ref); return nil } }
	add := func(ref SectionRef, c ...string) op {
		return func(d *Document) error { return d.AddSection(ref, c...) }
	}
	dev, def := ProfileRef("dev"), ProfileRef("default")
	tests := []struct {
		name     string
		in       string
		ops      []op
		want     string
		wantErr  string
		unchange bool
	}{
		{name: "replace keeps spacing and inline comment",
			in:   "# top\n[profile dev]\nregion   =  us-east-1   ; prod\noutput=json\n",
			ops:  []op{set(dev, "region", "eu-west-2"), set(dev, "OUTPUT", "yaml")},
			want: "# top\n[profile dev]\nregion   =  eu-west-2   ; prod\noutput=yaml\n"},
		{name: "replace an empty value",
			in:   "[profile dev]\na =\nb=\nc = # note\n",
			ops:  []op{set(dev, "a", "1"), set(dev, "b", "2"), set(dev, "c", "3")},
			want: "[profile dev]\na = 1\nb=2\nc = 3 # note\n"},
		{name: "replace drops continuation and sub-property lines, keeps comments among them",
			in:   "[profile dev]\nca = a\n  b\n  # c\n  d\ns3 =\n  ; tuned for the VPN\n  max = 1\n# x\n  min = 0\nx = 1\n",
			ops:  []op{set(dev, "ca", "z"), set(dev, "s3", "flat")},
			want: "[profile dev]\nca = z\n  # c\ns3 = flat\n  ; tuned for the VPN\n# x\nx = 1\n"},
		{name: "a blank-led line that is no comment goes with the block",
			in:   "[profile dev]\nca = a\n \v# not a comment\nx = 1\n",
			ops:  []op{set(dev, "ca", "z")},
			want: "[profile dev]\nca = z\nx = 1\n"},
		{name: "new key after the last property, before trailing comments and blanks",
			in:   "[profile dev]\nregion = a\n  more\n# about qa\n\n[profile qa]\n",
			ops:  []op{set(dev, "output", "json")},
			want: "[profile dev]\nregion = a\n  more\noutput = json\n# about qa\n\n[profile qa]\n"},
		{name: "new key in a section without keys goes right after the header",
			in:   "[profile dev]\n# note\n\n[profile qa]\n",
			ops:  []op{set(dev, "region", "a")},
			want: "[profile dev]\nregion = a\n# note\n\n[profile qa]\n"},
		{name: "duplicate sections: change the last occurrence of the key",
			in:   "[profile dev]\nregion = a\n[profile dev]\nregion = b\n[profile dev]\noutput = json\n",
			ops:  []op{set(dev, "region", "c"), set(dev, "new", "n")},
			want: "[profile dev]\nregion = a\n[profile dev]\nregion = c\n[profile dev]\noutput = json\nnew = n\n"},
		{name: "new section at the end after one blank line",
			in:   "[default]\nregion = a\n",
			ops:  []op{set(dev, "region", "b"), set(SSOSessionRef("corp"), "sso_region", "us-east-1")},
			want: "[default]\nregion = a\n\n[profile dev]\nregion = b\n\n[sso-session corp]\nsso_region = us-east-1\n"},
		{name: "new section when the file already ends in a blank line",
			in:   "[default]\nregion = a\n\n",
			ops:  []op{set(dev, "region", "b")},
			want: "[default]\nregion = a\n\n[profile dev]\nregion = b\n"},
		{name: "empty file",
			in:   "",
			ops:  []op{set(dev, "region", "b")},
			want: "[profile dev]\nregion = b\n"},
		{name: "missing final newline is kept",
			in:   "[default]\nregion = a",
			ops:  []op{set(def, "output", "json"), set(dev, "x", "1")},
			want: "[default]\nregion = a\noutput = json\n\n[profile dev]\nx = 1"},
		{name: "CRLF file gets CRLF lines",
			in:   "[default]\r\nregion = a\r\n",
			ops:  []op{set(def, "output", "json"), set(dev, "x", "1")},
			want: "[default]\r\nregion = a\r\noutput = json\r\n\r\n[profile dev]\r\nx = 1\r\n"},
		{name: "default: [profile default] is the one the SDKs read",
			in:   "[default]\nregion = a\n[profile default]\nregion = b\n",
			ops:  []op{set(def, "region", "c")},
			want: "[default]\nregion = a\n[profile default]\nregion = c\n"},
		{name: "default: new section is written [default]",
			in:   "",
			ops:  []op{set(def, "region", "c")},
			want: "[default]\nregion = c\n"},
		{name: "credentials ref writes bare headers",
			in:   "[dev]\naws_access_key_id = A\n",
			ops:  []op{set(CredentialsRef("dev"), "aws_access_key_id", "B"), set(CredentialsRef("qa"), "aws_access_key_id", "C")},
			want: "[dev]\naws_access_key_id = B\n\n[qa]\naws_access_key_id = C\n"},
		{name: "delete every occurrence with its continuation lines, not the comments among them",
			in:   "[profile dev]\nregion = a\n  # why a\n  cont\nx = 1 # keep\n[profile dev]\nREGION = b\n",
			ops:  []op{del(dev, "region"), del(dev, "missing")},
			want: "[profile dev]\n  # why a\nx = 1 # keep\n[profile dev]\n"},
		{name: "remove a middle section with its leading comment",
			in:   "[profile a]\nx = 1\n\n# managed\n[profile dev]\ny = 2\n# about b\n[profile b]\nz = 3\n",
			ops:  []op{rm(dev)},
			want: "[profile a]\nx = 1\n\n# about b\n[profile b]\nz = 3\n"},
		{name: "remove the last section drops the blank lines before it",
			in:   "[profile a]\nx = 1\n\n# managed\n[profile dev]\ny = 2\n",
			ops:  []op{rm(dev)},
			want: "[profile a]\nx = 1\n"},
		{name: "remove every duplicate; default removes both spellings",
			in:   "[default]\nx = 1\n[profile dev]\n[profile default]\ny = 1\n[profile dev]\nz = 1\n",
			ops:  []op{rm(dev), rm(def)},
			want: ""},
		{name: "remove keeps a missing final newline",
			in:   "[profile a]\nx = 1\n[profile dev]\ny = 2",
			ops:  []op{rm(dev)},
			want: "[profile a]\nx = 1"},
		{name: "add a section with a marker comment",
			in:   "[profile a]\nx = 1\n",
			ops:  []op{add(dev, "awsso:populate sso-session=corp"), set(dev, "sso_session", "corp")},
			want: "[profile a]\nx = 1\n\n# awsso:populate sso-session=corp\n[profile dev]\nsso_session = corp\n"},
		{name: "add an existing section fails", in: "[profile dev]\n", ops: []op{add(dev)}, wantErr: "already exists"},
		{name: "invalid key", in: "", ops: []op{set(dev, "a b", "1")}, wantErr: `invalid key "a b"`},
		{name: "value with a comment marker", in: "", ops: []op{set(dev, "a", "x #y")}, wantErr: "starts a comment"},
		{name: "value starting with a comment marker", in: "", ops: []op{set(dev, "a", "#y")}, wantErr: "starts a comment"},
		{name: "value spanning lines", in: "", ops: []op{set(dev, "a", "x\ny")}, wantErr: "spans lines"},
		{name: "value with outer blanks", in: "", ops: []op{set(dev, "a", " x")}, wantErr: "blanks"},
		{name: "invalid profile name", in: "", ops: []op{set(ProfileRef("a b"), "a", "x")}, wantErr: `invalid profile name "a b"`},
		{name: "setting the same value changes nothing",
			in:       "[profile dev]\nregion=a ;c\r\n",
			ops:      []op{set(dev, "region", "a")},
			unchange: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("config", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			for _, op := range tt.ops {
				if err = op(d); err != nil {
					break
				}
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.unchange {
				tt.want = tt.in
			}
			if got := string(d.Bytes()); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			if _, err := Parse("config", d.Bytes()); err != nil {
				t.Errorf("edited file does not parse: %v", err)
			}
		})
	}
}

func TestDocumentQueries(t *testing.T) {
	in := "# file\n\n# marker a\n[profile a]\n# inside a\nx = 1\n# trailing a\n\n# lead dev\n; second\n[profile dev]\nregion = r\n[default]\n[profile a]\nx = 2\n# last inside\n"
	d, err := Parse("config", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Sections(), []SectionRef{ProfileRef("a"), ProfileRef("dev"), CredentialsRef("default")}; !reflect.DeepEqual(got, want) {
		t.Errorf("Sections = %v", got)
	}
	if v, ok := d.Get(ProfileRef("a"), "X"); v != "2" || !ok {
		t.Errorf("Get(a, x) = %q %v", v, ok)
	}
	if _, ok := d.Get(ProfileRef("zz"), "x"); ok {
		t.Error("Get on a missing section")
	}
	if !d.HasSection(ProfileRef("default")) || d.HasSection(SSOSessionRef("a")) {
		t.Error("HasSection")
	}
	want := []string{"# marker a", "# inside a", "# trailing a", "# last inside"}
	if got := d.Comments(ProfileRef("a")); !reflect.DeepEqual(got, want) {
		t.Errorf("Comments(a) = %q, want %q", got, want)
	}
	if got := d.Comments(ProfileRef("dev")); !reflect.DeepEqual(got, []string{"# lead dev", "; second"}) {
		t.Errorf("Comments(dev) = %q", got)
	}
	infos := d.SectionInfos()
	if len(infos) != 4 || infos[3].Line != 14 || infos[3].Properties[0].Line != 15 || infos[1].Header != "[profile dev]" {
		t.Errorf("SectionInfos = %+v", infos)
	}
}
