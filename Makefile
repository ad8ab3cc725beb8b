# daftar — build, test, run and benchmark. `make run` and `make test` are the
# two commands a new user needs (README.md).

SWIFT ?= swift
ARCHIVE ?= archive.sqlite
# Debian packages the build links against.
DEB_PACKAGES := libtiff-dev libpng-dev libjpeg-dev libdeflate-dev libsqlite3-dev pkg-config
# Extra tools the tests use (tmux drives a real terminal; sqlite3 tampers with an archive behind daftar's back).
TEST_PACKAGES := tmux sqlite3
# Extra tools the benchmark uses: /usr/bin/time for peak memory; the peers it is
# compared with (ImageMagick, unpaper, libvips for pyvips; Pillow and pyvips from PyPI);
# sqlite3 extracts the stored blobs for the fixity comparison with sha256sum.
BENCH_PACKAGES := time sqlite3 imagemagick unpaper libvips42
BENCH_PYTHON := Pillow pyvips
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps bench-deps install-packages build release test run bench bench-search fuzz samples clean

# Installs the Debian packages that are missing (apt-get update once first).
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

bench-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(BENCH_PACKAGES)"
	@python3 -c "import PIL, pyvips" 2>/dev/null || python3 -m pip install --quiet $(BENCH_PYTHON)

install-packages:
	@missing=""; \
	for package in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Imports the bundled Samples into ./archive.sqlite (the samples are 100-dpi
# scans: Samples/policy.json is their office's policy) and lists the pages.
run: build
	.build/debug/daftar init --archive $(ARCHIVE)
	.build/debug/daftar import Samples --archive $(ARCHIVE) --ledger SAMPLE-1 --policy Samples/policy.json
	.build/debug/daftar pages --archive $(ARCHIVE)

# Import speed, memory and deskew accuracy; then daftar beside Pillow, pyvips and
# ImageMagick on the same pages; then deskew and crop beside ImageMagick and
# unpaper on the corpus's real scans.
# Search and duplicate-scan benchmark over synthetic records (RECORDS=1000000 by default).
bench-search: deps release
	@$(MAKE) --no-print-directory install-packages PACKAGES="time sqlite3"
	bash bench/search.sh

# Fuzzing the decoding shims (libFuzzer with AddressSanitizer, the Swift toolchain's
# clang) from the corpus's small images, FUZZ_SECONDS long; findings are written to
# .build/fuzz/findings (each becomes a regression test).
FUZZ_SECONDS ?= 1800
FUZZ_DIR := .build/fuzz
CLANG ?= $(dir $(shell readlink -f $$(command -v $(SWIFT))))clang
fuzz: deps
	@mkdir -p $(FUZZ_DIR)/seeds $(FUZZ_DIR)/corpus $(FUZZ_DIR)/findings
	$(CLANG) -g -O1 -fsanitize=fuzzer,address -ISources/CImaging/include Sources/CImaging/*.c Tests/Fuzz/decode_fuzz.c \
	  -ltiff -lpng16 -ljpeg -ldeflate -lm -o $(FUZZ_DIR)/decode_fuzz
	find ../shared/corpus -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.tif' -o -iname '*.tiff' \) \
	  -size -64k -exec cp {} $(FUZZ_DIR)/seeds/ \;
	$(FUZZ_DIR)/decode_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	  -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/findings/ $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds

bench: bench-deps release
	bash bench/run.sh
	bash bench/peers.sh
	python3 bench/scans.py .build/release/daftar ../shared/corpus/scans bench/out/scans

# Regenerates Samples/ with the project's own generator.
samples: build
	rm -rf Samples/ledger-*
	.build/debug/daftar-samplegen Samples --count 5 --dpi 100 --noise 2 --max-skew 2 \
	  --kinds tiff-lzw,tiff-g4,jpeg,png,multipage --prefix ledger

clean:
	rm -rf .build bench/out
