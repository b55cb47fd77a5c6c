# vanban: make samples renders the samples into out/; make test runs the tests.
GO ?= go
FUZZTIME ?= 15s

.PHONY: all samples batch test test-long test-token fuzz e2e bench compare lint golden dist clean

all: lint test

# The sample documents, as PDF and DOCX, in out/, and the inputs for the
# built-in templates, in out/templates/.
samples:
	$(GO) run ./cmd/vanban render -o out samples/*.toml
	$(GO) run ./cmd/vanban render -o out/templates samples/templates/*.toml

# The election campaign for all 3,321 wards and communes, in out/batch/.
batch:
	$(GO) run ./cmd/vanban batch -o out/batch samples/batch/bau-cu-2026.toml samples/batch/bau-cu-2026.csv

# Unit, golden, bad-input and text-equality tests under the race detector,
# then a short run of the parse-and-render fuzzer. Needs nothing but Go;
# the long tests and those that read ../shared are left to test-long.
test:
	$(GO) test -race -short ./...
	$(GO) test -run '^$$' -fuzz FuzzParseRender -fuzztime $(FUZZTIME) ./generator/

# Every test, the long ones too (696 districts, all 3,321 wards' names, the
# sample CSV against ../shared/data). A test whose ../shared file is missing
# fails and says so. CI runs this after make test.
test-long:
	$(GO) test -race ./...

# Signing keys on a PKCS#11 token (generator/token) against SoftHSM2, a
# software token (Debian's softhsm2). Needs cgo (gcc) and the pkcs11 tag,
# as a binary with token support does; the default binary has none.
test-token:
	CGO_ENABLED=1 $(GO) vet -tags pkcs11 ./generator/token/
	CGO_ENABLED=1 $(GO) test -race -tags pkcs11 -count 1 ./generator/token/

# Longer fuzzing of every parser.
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseRender -fuzztime 2m ./generator/
	$(GO) test -run '^$$' -fuzz FuzzFill -fuzztime 1m ./generator/
	$(GO) test -run '^$$' -fuzz FuzzParseTemplate -fuzztime 1m ./generator/
	$(GO) test -run '^$$' -fuzz FuzzReadData -fuzztime 1m ./generator/batch/
	$(GO) test -run '^$$' -fuzz FuzzParseText -fuzztime 30s ./generator/template/
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 1m ./generator/markup/
	$(GO) test -run '^$$' -fuzz FuzzScan -fuzztime 1m ./generator/tomlpos/
	$(GO) test -run '^$$' -fuzz FuzzNesting -fuzztime 30s ./generator/tomlpos/
	$(GO) test -run '^$$' -fuzz FuzzCode -fuzztime 30s ./generator/vn/
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime 30s ./generator/legacy/
	$(GO) test -run '^$$' -fuzz FuzzLooks -fuzztime 30s ./generator/legacy/
	$(GO) test -run '^$$' -fuzz FuzzRender -fuzztime 1m ./generator/web/
	$(GO) test -run '^$$' -fuzz FuzzOpen -fuzztime 30s ./generator/web/
	$(GO) test -run '^$$' -fuzz FuzzVerify -fuzztime 1m ./generator/sign/
	$(GO) test -run '^$$' -fuzz FuzzObject -fuzztime 30s ./generator/sign/

# End to end with other tools: pdftotext reads every paragraph back in
# order, LibreOffice lays each DOCX out on the lines of the PDF, page by
# page, pdffonts finds every font an embedded subset, and headless
# Chromium uses the web form as staff do, in a laptop's window, a half
# screen and a phone's (screenshots in out/e2e/), and poppler's pdfsig
# finds every signed sample's two signatures valid, and broken after one
# byte changed (signed files in out/e2e/signed/). Needs poppler-utils,
# libreoffice-writer-nogui and chromium.
e2e:
	$(GO) test -tags e2e -run TestE2E -v -count 1 ./cmd/vanban/
	$(GO) test -tags e2e -run TestBrowser -v -count 1 ./generator/web/
	$(GO) test -tags e2e -run TestE2E -v -count 1 ./generator/sign/

# Per-document benchmarks (the PDF with its font subsets cached and cut
# anew), the whole 3,321-row batch (PDF and DOCX): documents per second,
# CPU time and peak memory, then 200 concurrent requests to the web form's
# server: requests per second, latency and peak memory; then 40 batch
# downloads stopped at once, with the memory before and after.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./generator/ ./generator/pdf/ ./fonts/
	$(GO) test -run '^$$' -bench Batch -benchtime 1x ./generator/batch/
	$(GO) test -run '^$$' -bench Serve200 -benchtime 5x ./generator/web/
	$(GO) test -run '^$$' -bench SoakBatches -benchtime 1x ./generator/web/

# vanban against docxtemplater + LibreOffice on 200 documents of the
# election sample (bench/compare/run.sh; N=... for another count). Needs
# node, npm and libreoffice-writer-nogui; not part of test or CI.
compare:
	sh bench/compare/run.sh

lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l .; exit 1)
	$(GO) vet ./...

# Rewrite the golden layouts after an intended layout change; look at the
# diff and at the rendered pages before committing.
golden:
	$(GO) test ./generator/ -run 'TestGoldenLayout|TestGoldenDOCX' -update

# Static binaries (no cgo) for staff machines, in dist/: Windows, Linux and
# macOS, amd64 and arm64, each printing its version with "vanban version".
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
PLATFORMS ?= windows/amd64 windows/arm64 linux/amd64 linux/arm64 darwin/amd64 darwin/arm64
dist:
	@mkdir -p dist
	@for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		echo "dist/vanban-$$os-$$arch$$ext"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath \
			-ldflags "-s -w -X main.version=$(VERSION)" -o dist/vanban-$$os-$$arch$$ext ./cmd/vanban || exit 1; \
	done

clean:
	rm -rf out dist
