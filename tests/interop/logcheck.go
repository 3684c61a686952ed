// logcheck reads a built site's transparency log with Go's own golang.org/x/mod (Debian's
// golang-golang-x-mod-dev), as an independent implementation: the checkpoint's signature (sumdb/note), the root
// recomputed from the hash tiles, an inclusion proof of every entry and consistency proofs from every smaller
// size to the checkpoint's (sumdb/tlog). tests/test_go_interop.py builds it in GOPATH mode and runs it.
//
//	logcheck <site folder> <vkey>
//
// It prints "ok <size> <root>" and exits 0, or prints what failed and exits 1.
package main

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tiles reads the site's log/tile/... files; x/mod names a tile tile/8/L/N, C2SP tlog-tiles tile/L/N.
type tiles struct{ log string }

func (t tiles) Height() int { return 8 }

func (t tiles) ReadTiles(list []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(list))
	for i, tile := range list {
		path := strings.Replace(tile.Path(), "tile/8/", "tile/", 1)
		data, err := os.ReadFile(filepath.Join(t.log, filepath.FromSlash(path)))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (t tiles) SaveTiles([]tlog.Tile, [][]byte) {}

// entries reads the C2SP entry bundles (tile/entries/N): each entry a big-endian uint16 length and its bytes.
func entries(log string, size int64) ([][]byte, error) {
	var all [][]byte
	for n := int64(0); n*256 < size; n++ {
		tile := tlog.Tile{H: 8, L: 0, N: n, W: int(min(256, size-n*256))}
		path := strings.Replace(tile.Path(), "tile/8/0/", "tile/entries/", 1)
		data, err := os.ReadFile(filepath.Join(log, filepath.FromSlash(path)))
		if err != nil {
			return nil, err
		}
		for len(data) > 0 {
			if len(data) < 2 || len(data) < 2+int(binary.BigEndian.Uint16(data)) {
				return nil, fmt.Errorf("%s: a truncated entry", path)
			}
			length := int(binary.BigEndian.Uint16(data))
			all = append(all, data[2:2+length])
			data = data[2+length:]
		}
	}
	if int64(len(all)) != size {
		return nil, fmt.Errorf("the bundles hold %d entries, the checkpoint says %d", len(all), size)
	}
	return all, nil
}

func min(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}

func check(site, vkey string) (int64, tlog.Hash, error) {
	log := filepath.Join(site, "log")
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return 0, tlog.Hash{}, fmt.Errorf("vkey: %v", err)
	}
	text, err := os.ReadFile(filepath.Join(log, "checkpoint"))
	if err != nil {
		return 0, tlog.Hash{}, err
	}
	signed, err := note.Open(text, note.VerifierList(verifier))
	if err != nil {
		return 0, tlog.Hash{}, fmt.Errorf("checkpoint signature: %v", err)
	}
	// tlog.ParseTree wants go.sum's origin line; C2SP checkpoints name their own origin, so the body is read here
	lines := strings.Split(signed.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		return 0, tlog.Hash{}, fmt.Errorf("checkpoint body: want origin, size and root hash lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		return 0, tlog.Hash{}, fmt.Errorf("checkpoint size %q", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return 0, tlog.Hash{}, fmt.Errorf("checkpoint root hash %q", lines[2])
	}
	var root tlog.Hash
	copy(root[:], raw)
	tree := tlog.Tree{N: size, Hash: root}
	hashes := tlog.TileHashReader(tree, tiles{log})
	got, err := tlog.TreeHash(size, hashes)
	if err != nil || got != root {
		return 0, root, fmt.Errorf("the root from the tiles is %v (%v), the checkpoint's %v", got, err, root)
	}
	all, err := entries(log, size)
	if err != nil {
		return 0, root, err
	}
	for index, entry := range all {
		proof, err := tlog.ProveRecord(size, int64(index), hashes)
		if err != nil {
			return 0, root, fmt.Errorf("inclusion proof of entry %d: %v", index, err)
		}
		if err := tlog.CheckRecord(proof, size, root, int64(index), tlog.RecordHash(entry)); err != nil {
			return 0, root, fmt.Errorf("entry %d: %v", index, err)
		}
	}
	for smaller := int64(1); smaller < size; smaller = smaller*2 + 1 {
		old, err := tlog.TreeHash(smaller, hashes)
		if err != nil {
			return 0, root, err
		}
		proof, err := tlog.ProveTree(size, smaller, hashes)
		if err != nil {
			return 0, root, fmt.Errorf("consistency proof from %d: %v", smaller, err)
		}
		if err := tlog.CheckTree(proof, size, root, smaller, old); err != nil {
			return 0, root, fmt.Errorf("consistency from %d: %v", smaller, err)
		}
	}
	return size, root, nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Println("usage: logcheck <site folder> <vkey>")
		os.Exit(2)
	}
	size, root, err := check(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Printf("ok %d %s\n", size, base64.StdEncoding.EncodeToString(root[:]))
}
