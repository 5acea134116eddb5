// Command checklog checks a policypress transparency folder with Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog, code no one on this project
// wrote: the checkpoint signature, every hash tile (against the signed
// root), an inclusion proof for every entry, and that each artifact's
// SHA-256 is the digest its log entry holds.
//
// usage: checklog TRANSPARENCY_DIR [OLD_CHECKPOINT]
// Exit status 0 when everything checks out, 1 otherwise.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

// tiles reads C2SP tlog-tiles hash tiles: tile/<L>/<N>[.p/<W>]. Go's own
// paths carry the height as well (tile/8/<L>/…); it is fixed at 8 here.
type tiles struct{ dir string }

func (t tiles) Height() int { return height }

func (t tiles) ReadTiles(ts []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(ts))
	for i, tile := range ts {
		p := strings.TrimPrefix(tile.Path(), fmt.Sprintf("tile/%d/", height))
		b, err := os.ReadFile(filepath.Join(t.dir, "log", "tile", filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (t tiles) SaveTiles([]tlog.Tile, [][]byte) {}

type checkpoint struct {
	origin string
	tree   tlog.Tree
}

func openCheckpoint(path string, v note.Verifier) (checkpoint, error) {
	msg, err := os.ReadFile(path)
	if err != nil {
		return checkpoint{}, err
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return checkpoint{}, fmt.Errorf("%s: %v", path, err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		return checkpoint{}, fmt.Errorf("%s: not a checkpoint", path)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return checkpoint{}, fmt.Errorf("%s: bad size", path)
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return checkpoint{}, fmt.Errorf("%s: bad root hash", path)
	}
	var h tlog.Hash
	copy(h[:], raw)
	return checkpoint{lines[0], tlog.Tree{N: size, Hash: h}}, nil
}

// entries reads the entry bundles: each entry is a 2-byte big-endian
// length and the entry's bytes.
func entries(dir string, size int64) ([][]byte, error) {
	var out [][]byte
	for n := int64(0); n*256 < size; n++ {
		w := size - n*256
		t := tlog.Tile{H: height, L: 0, N: n, W: 256}
		if w < 256 {
			t.W = int(w)
		}
		p := strings.TrimPrefix(t.Path(), "tile/8/0/")
		b, err := os.ReadFile(filepath.Join(dir, "log", "tile", "entries", filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		for len(b) > 0 {
			if len(b) < 2 {
				return nil, fmt.Errorf("entry bundle %s is truncated", p)
			}
			l := int(binary.BigEndian.Uint16(b))
			if len(b) < 2+l {
				return nil, fmt.Errorf("entry bundle %s is truncated", p)
			}
			out = append(out, b[2:2+l])
			b = b[2+l:]
		}
	}
	if int64(len(out)) != size {
		return nil, fmt.Errorf("the entry bundles hold %d entries, the checkpoint says %d", len(out), size)
	}
	return out, nil
}

type indexFile struct {
	Origin  string `json:"origin"`
	Entries []struct {
		Index    int64  `json:"index"`
		SHA256   string `json:"sha256"`
		Artifact string `json:"artifact"`
	} `json:"entries"`
}

type leaf struct {
	Spec struct {
		HashedRekordV002 struct {
			Data struct {
				Digest string `json:"digest"`
			} `json:"data"`
		} `json:"hashedRekordV002"`
	} `json:"spec"`
}

func run(dir string, old string) error {
	vkey, err := os.ReadFile(filepath.Join(dir, "log.vkey"))
	if err != nil {
		return err
	}
	v, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		return fmt.Errorf("log.vkey: %v", err)
	}
	cp, err := openCheckpoint(filepath.Join(dir, "log", "checkpoint"), v)
	if err != nil {
		return err
	}
	fmt.Printf("ok  checkpoint of %s signed by %s: %d entries\n", cp.origin, v.Name(), cp.tree.N)
	hr := tlog.TileHashReader(cp.tree, tiles{dir})
	root, err := tlog.TreeHash(cp.tree.N, hr)
	if err != nil {
		return fmt.Errorf("tiles: %v", err)
	}
	if root != cp.tree.Hash {
		return fmt.Errorf("the tiles do not produce the checkpoint's root")
	}
	fmt.Println("ok  the hash tiles produce the signed root")
	data, err := entries(dir, cp.tree.N)
	if err != nil {
		return err
	}
	for i, d := range data {
		proof, err := tlog.ProveRecord(cp.tree.N, int64(i), hr)
		if err != nil {
			return fmt.Errorf("entry %d: %v", i, err)
		}
		if err := tlog.CheckRecord(proof, cp.tree.N, cp.tree.Hash, int64(i), tlog.RecordHash(d)); err != nil {
			return fmt.Errorf("entry %d is not in the log: %v", i, err)
		}
	}
	fmt.Printf("ok  %d inclusion proofs\n", len(data))
	var idx indexFile
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &idx); err != nil {
		return fmt.Errorf("index.json: %v", err)
	}
	if int64(len(idx.Entries)) != cp.tree.N {
		return fmt.Errorf("index.json lists %d entries, the log has %d", len(idx.Entries), cp.tree.N)
	}
	for i, e := range idx.Entries {
		var l leaf
		if err := json.Unmarshal(data[i], &l); err != nil {
			return fmt.Errorf("entry %d is not a hashedrekord body: %v", i, err)
		}
		want, err := base64.StdEncoding.DecodeString(l.Spec.HashedRekordV002.Data.Digest)
		if err != nil || len(want) != sha256.Size {
			return fmt.Errorf("entry %d has no SHA-256 digest", i)
		}
		art, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.Artifact)))
		if err != nil {
			return err
		}
		got := sha256.Sum256(art)
		if !bytes.Equal(got[:], want) {
			return fmt.Errorf("%s does not match log entry %d", e.Artifact, i)
		}
	}
	fmt.Printf("ok  %d artifacts match their log entries\n", len(idx.Entries))
	if old != "" {
		oc, err := openCheckpoint(old, v)
		if err != nil {
			return err
		}
		if oc.tree.N > cp.tree.N {
			return fmt.Errorf("the log shrank from %d to %d entries", oc.tree.N, cp.tree.N)
		}
		proof, err := tlog.ProveTree(cp.tree.N, oc.tree.N, hr)
		if err != nil {
			return err
		}
		if err := tlog.CheckTree(proof, cp.tree.N, cp.tree.Hash, oc.tree.N, oc.tree.Hash); err != nil {
			return fmt.Errorf("the log is not an extension of %s: %v", old, err)
		}
		fmt.Printf("ok  consistent with the checkpoint of %d entries\n", oc.tree.N)
	}
	return nil
}

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: checklog TRANSPARENCY_DIR [OLD_CHECKPOINT]")
		os.Exit(2)
	}
	old := ""
	if len(os.Args) == 3 {
		old = os.Args[2]
	}
	if err := run(os.Args[1], old); err != nil {
		fmt.Println("FAILED", err)
		os.Exit(1)
	}
}
