package report

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// browser finds headless Chromium: DIPDRG_CHROMIUM, or chromium on PATH.
// Without it the test skips locally and fails in CI (DIPDRG_CI=1: .ci/run
// installs Debian's chromium).
func browser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DIPDRG_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DIPDRG_CI") != "" {
		t.Fatal("no chromium in CI: .ci/run installs Debian's chromium")
	}
	t.Skip("browser test skipped: no chromium on PATH (apt-get install chromium, or set DIPDRG_CHROMIUM)")
	return ""
}

// cdp is a client of the Chrome DevTools Protocol over --remote-debugging-pipe:
// JSON messages separated by NUL bytes, commands written to the browser's fd 3,
// answers and events read from its fd 4.
type cdp struct {
	w      *os.File
	mu     sync.Mutex
	id     int
	wait   map[int]chan json.RawMessage
	events chan event
}

type event struct {
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	SessionID string          `json:"sessionId"`
}

func (c *cdp) read(r *os.File) {
	br := bufio.NewReader(r)
	for {
		msg, err := br.ReadBytes(0)
		if err != nil {
			close(c.events)
			return
		}
		var m struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  json.RawMessage `json:"error"`
			event
		}
		if json.Unmarshal(msg[:len(msg)-1], &m) != nil {
			continue
		}
		if m.ID != 0 {
			c.mu.Lock()
			ch := c.wait[m.ID]
			c.mu.Unlock()
			if m.Error != nil {
				m.Result = json.RawMessage(`{"error":` + string(m.Error) + `}`)
			}
			ch <- m.Result
			continue
		}
		c.events <- m.event
	}
}

// call sends a command and waits for its result.
func (c *cdp) call(t *testing.T, session, method string, params any) json.RawMessage {
	t.Helper()
	c.mu.Lock()
	c.id++
	id := c.id
	ch := make(chan json.RawMessage, 1)
	c.wait[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	b, _ := json.Marshal(msg)
	if _, err := c.w.Write(append(b, 0)); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	select {
	case r := <-ch:
		if bytes.HasPrefix(r, []byte(`{"error":`)) {
			t.Fatalf("%s: %s", method, r)
		}
		return r
	case <-time.After(60 * time.Second):
		t.Fatalf("%s: no answer in 60 s", method)
	}
	return nil
}

// The sample year's report in real headless Chromium: no console error, no
// exception, no request to any host (only the file itself), every chart drawn,
// and a screenshot that is not blank.
func TestReportInBrowser(t *testing.T) {
	bin := browser(t)
	res := sample(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	fh, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(fh, res, Options{Monitoring: &Table{Header: []string{"hospital_id", "indicator", "level"},
		Rows: [][]string{{"H23010000001", "cmi-jump", "warning"}, {"H23010000002", "low-share", "alert"}}}}); err != nil {
		t.Fatal(err)
	}
	fh.Close()

	in3r, in3w, _ := os.Pipe()   // the browser reads commands from fd 3
	out4r, out4w, _ := os.Pipe() // and writes answers to fd 4
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--remote-debugging-pipe", "--user-data-dir="+filepath.Join(dir, "profile"), "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--disable-default-apps", "--disable-extensions", "--no-default-browser-check", "--mute-audio",
		"--host-resolver-rules=MAP * ~NOTFOUND", // a request to any host would fail here, and be seen below
		"--hide-scrollbars", "about:blank")
	cmd.ExtraFiles = []*os.File{in3r, out4w}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in3r.Close()
	out4w.Close()
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	c := &cdp{w: in3w, wait: map[int]chan json.RawMessage{}, events: make(chan event, 1024)}
	go c.read(out4r)

	var target struct{ TargetID string }
	json.Unmarshal(c.call(t, "", "Target.createTarget", map[string]any{"url": "about:blank"}), &target)
	var att struct{ SessionID string }
	json.Unmarshal(c.call(t, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}), &att)
	s := att.SessionID
	for _, m := range []string{"Runtime.enable", "Log.enable", "Network.enable", "Page.enable"} {
		c.call(t, s, m, map[string]any{})
	}
	c.call(t, s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false})
	url := "file://" + page
	c.call(t, s, "Page.navigate", map[string]any{"url": url})

	var problems []string
	ready := false
	deadline := time.After(60 * time.Second)
	poll := time.NewTicker(200 * time.Millisecond)
	defer poll.Stop()
	for !ready {
		select {
		case e, ok := <-c.events:
			if !ok {
				t.Fatalf("the browser closed the pipe\n%s", stderr.String())
			}
			problems = append(problems, check(e, url)...)
		case <-poll.C:
			var r struct {
				Result struct{ Value string }
			}
			json.Unmarshal(c.call(t, s, "Runtime.evaluate", map[string]any{"expression": `document.body ? (document.body.getAttribute("data-ready") || "") : ""`, "returnByValue": true}), &r)
			ready = r.Result.Value == "1"
		case <-deadline:
			t.Fatalf("the charts did not finish in 60 s; problems: %v", problems)
		}
	}
	// Every chart drew a canvas.
	var r struct{ Result struct{ Value float64 } }
	json.Unmarshal(c.call(t, s, "Runtime.evaluate", map[string]any{"expression": `document.querySelectorAll(".chart canvas").length`, "returnByValue": true}), &r)
	if r.Result.Value < 5 {
		t.Errorf("%v chart canvases drawn, want 5", r.Result.Value)
	}
	var shot struct{ Data string }
	json.Unmarshal(c.call(t, s, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}), &shot)
	// Events that arrived meanwhile.
	for drained := false; !drained; {
		select {
		case e, ok := <-c.events:
			if !ok {
				drained = true
				break
			}
			problems = append(problems, check(e, url)...)
		case <-time.After(300 * time.Millisecond):
			drained = true
		}
	}
	for _, p := range problems {
		t.Error(p)
	}

	img, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(os.TempDir(), "dipdrg-report.png")
	if d := os.Getenv("DIPDRG_SCREENSHOTS"); d != "" {
		out = filepath.Join(d, "report.png")
	}
	if err := os.WriteFile(out, img, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)
	checkNotBlank(t, img)
}

// check returns what is wrong with an event: a console error, an exception,
// a log error, a request for anything but the page itself.
func check(e event, page string) []string {
	switch e.Method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string
			Args []struct{ Value any }
		}
		json.Unmarshal(e.Params, &p)
		if p.Type == "error" || p.Type == "assert" {
			return []string{fmt.Sprintf("console %s: %v", p.Type, p.Args)}
		}
	case "Runtime.exceptionThrown":
		return []string{"exception: " + string(e.Params)}
	case "Log.entryAdded":
		var p struct {
			Entry struct{ Level, Text, URL string }
		}
		json.Unmarshal(e.Params, &p)
		if p.Entry.Level == "error" {
			return []string{fmt.Sprintf("log error: %s %s", p.Entry.Text, p.Entry.URL)}
		}
	case "Network.requestWillBeSent":
		var p struct{ Request struct{ URL string } }
		json.Unmarshal(e.Params, &p)
		u := p.Request.URL
		if u != page && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") && !strings.HasPrefix(u, "about:") {
			return []string{"request leaving the page: " + u}
		}
	case "Network.loadingFailed":
		return []string{"loading failed: " + string(e.Params)}
	}
	return nil
}

// checkNotBlank fails on a screenshot that is (nearly) one colour.
func checkNotBlank(t *testing.T, b []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bounds := img.Bounds()
	colours := map[[3]uint32]bool{}
	var ink, all int
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 12, g >> 12, bl >> 12}] = true
			if r < 0xe000 || g < 0xe000 || bl < 0xe000 {
				ink++
			}
			all++
		}
	}
	if bounds.Dy() < 1000 || len(colours) < 20 || ink*100 < all*3 {
		t.Errorf("the screenshot looks blank: %v, %d colours, %d of %d pixels not white", bounds, len(colours), ink, all)
	}
}
