package docs

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/awsso/awsso/"

// verbs is how the table names every package under internal/cmd.
const verbs = "cmd/<verb>"

// packages returns the production packages of the module and the awsso packages each
// imports, both named as the table names them: "resolver", "cmd/<verb>", "cmd/awsso".
// Test support (internal/testsupport, test/) and this package are not in the table.
func packages(t *testing.T) (map[string][]string, map[string][]string) {
	t.Helper()
	imports := map[string][]string{} // table name -> its imports, table names
	members := map[string][]string{} // table name -> the import paths it stands for
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, "../"))
		switch {
		case strings.HasPrefix(d.Name(), ".") && path != "..", d.Name() == "testdata",
			rel == "test", rel == "docs", rel == "internal/testsupport":
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		name := tableName(module + rel)
		members[name] = append(members[name], module+rel)
		for _, imp := range pkg.Imports {
			if strings.HasPrefix(imp, module) {
				imports[name] = append(imports[name], tableName(imp))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range members {
		slices.Sort(imports[name])
		imports[name] = slices.Compact(imports[name])
	}
	return imports, members
}

// tableName is how design.md's table names the package of an import path.
func tableName(path string) string {
	rel := strings.TrimPrefix(path, module)
	if strings.HasPrefix(rel, "internal/cmd/") {
		return verbs
	}
	return strings.TrimPrefix(rel, "internal/")
}

// names reads a cell of back-quoted names: "`a`, `b`".
func names(cell string) []string {
	if cell == "none" {
		return nil
	}
	var out []string
	for _, n := range strings.Split(cell, ", ") {
		out = append(out, strings.Trim(n, "`"))
	}
	slices.Sort(out)
	return out
}

// TestDesignImports holds design.md's package table to the code: every production package is
// on exactly one row, each row lists exactly the awsso packages its packages import, each
// imports only packages on rows above it, and every command package imports cmdutil.
func TestDesignImports(t *testing.T) {
	imports, members := packages(t)
	rows, lines := tableAfter(t, "imports")
	row := map[string]int{} // table name -> its row
	for i, cells := range rows {
		if len(cells) != 3 {
			t.Fatalf("design.md:%d: want 3 cells (package | role | imports), got %d", lines[i], len(cells))
		}
		var got []string
		for _, name := range names(cells[0]) {
			if _, dup := row[name]; dup {
				t.Errorf("design.md:%d: %s is on two rows", lines[i], name)
			}
			row[name] = i
			if _, ok := members[name]; !ok {
				t.Errorf("design.md:%d: there is no package %s", lines[i], name)
			}
			got = append(got, imports[name]...)
		}
		slices.Sort(got)
		got = slices.Compact(got)
		if want := names(cells[2]); !slices.Equal(got, want) {
			t.Errorf("design.md:%d: %s imports %v; the row says %v", lines[i], cells[0], got, want)
		}
		for _, imp := range got {
			if j, ok := row[imp]; !ok || j >= i {
				t.Errorf("design.md:%d: %s imports %s, which is not on a row above it", lines[i], cells[0], imp)
			}
		}
	}
	for name, paths := range members {
		if _, ok := row[name]; !ok {
			t.Errorf("design.md's package table has no row for %s", strings.Join(paths, ", "))
		}
	}
	if len(members[verbs]) == 0 {
		t.Fatal("found no command packages under internal/cmd")
	}
	for _, path := range members[verbs] {
		pkg, err := build.ImportDir(filepath.Join("..", strings.TrimPrefix(path, module)), 0)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(pkg.Imports, module+"internal/cmdutil") {
			t.Errorf("%s does not import cmdutil, as design.md says every command package does", path)
		}
	}
	doc, err := os.ReadFile("design.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := strconv.Itoa(len(members[verbs])); !strings.Contains(string(doc), "all "+n+" command packages") {
		t.Errorf("design.md does not count the %s command packages (\"all %s command packages\")", n, n)
	}
}
