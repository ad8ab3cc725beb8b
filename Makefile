# daftar — build, test, run and benchmark. `make run` and `make test` are the
# two commands a new user needs (README.md).

SWIFT ?= swift
ARCHIVE ?= archive.sqlite
# Debian packages the build links against.
# cairo draws the PDF extracts, libqrencode their QR codes, in DejaVu Sans; the sample
# generator's handwriting-like entries are DejaVu Serif Italic (fonts-dejavu-extra).
DEB_PACKAGES := libtiff-dev libpng-dev libjpeg-dev libdeflate-dev libsqlite3-dev pkg-config \
	libcairo2-dev libqrencode-dev fonts-dejavu-core fonts-dejavu-extra
# Extra tools the tests use (tmux drives a real terminal; sqlite3 tampers with an archive behind daftar's back;
# poppler's pdftotext, pdftoppm and pdfinfo read the extracts, zbarimg decodes their QR codes; the Library
# of Congress's bagit-python validates the bags).
TEST_PACKAGES := tmux sqlite3 poppler-utils zbar-tools
TEST_PYTHON := bagit
# Extra tools the benchmark uses: /usr/bin/time for peak memory; the peers it is
# compared with (ImageMagick, unpaper, libvips for pyvips; Pillow and pyvips from PyPI);
# sqlite3 extracts the stored blobs for the fixity comparison with sha256sum.
BENCH_PACKAGES := time sqlite3 imagemagick unpaper libvips42
BENCH_PYTHON := Pillow pyvips
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps system-deps bench-deps install-packages build release test run bench bench-search fuzz samples clean

# Installs the Debian packages that are missing (apt-get update once first), then builds
# the Swift packages daftar depends on, once: a first build of GRDB and swift-crypto's
# BoringSSL takes about three minutes on two cores, daftar's own modules under one.
deps: system-deps
	@$(MAKE) --no-print-directory $(PACKAGES_BUILT)

# The Debian packages alone (release builds and the fuzzers build their own packages).
system-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

SWIFT_PACKAGE_TARGETS := GRDB Crypto ArgumentParser Logging
PACKAGES_BUILT := .build/.packages-built
$(PACKAGES_BUILT): Package.swift
	for target in $(SWIFT_PACKAGE_TARGETS); do $(SWIFT) build --target $$target || exit 1; done
	touch $@

bench-deps: system-deps
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

release: system-deps
	$(SWIFT) build -c release

test: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"
	@python3 -c "import bagit" 2>/dev/null || python3 -m pip install --quiet $(TEST_PYTHON) || python3 -m pip install --quiet --user $(TEST_PYTHON)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Imports the bundled Samples' scans into ./archive.sqlite with the records on them
# (Samples/manifest.jsonl; the samples are 150-dpi scans: Samples/policy.json is their
# office's policy), then finds an act by a name spelled in another script and shows
# what the archive holds. Run again, it adds nothing twice.
SAMPLE_SCANS := $(sort $(wildcard Samples/*.tif Samples/*.jpg Samples/*.png))
run: deps
	$(SWIFT) build --product daftar
	.build/debug/daftar init --archive $(ARCHIVE)
	.build/debug/daftar import $(SAMPLE_SCANS) --archive $(ARCHIVE) --ledger SAMPLE-1 --policy Samples/policy.json \
	  --manifest Samples/manifest.jsonl --offices Samples/offices.csv
	.build/debug/daftar search Juraev --archive $(ARCHIVE)
	.build/debug/daftar stats --archive $(ARCHIVE)

# Import speed, memory and deskew accuracy; then daftar beside Pillow, pyvips and
# ImageMagick on the same pages; then deskew and crop beside ImageMagick and
# unpaper on the corpus's real scans.
# Search and duplicate-scan benchmark over synthetic records (RECORDS=1000000 by default).
bench-search: system-deps release
	@$(MAKE) --no-print-directory install-packages PACKAGES="time sqlite3"
	bash bench/search.sh

# Fuzzing the decoders (libFuzzer with AddressSanitizer, the Swift toolchain's clang
# and swiftc), two targets side by side for FUZZ_SECONDS each, seeded from the corpus's
# small images: decode_fuzz.c over the C shims, decode_fuzz.swift compiled into the
# Imaging module (format sniffing, TIFF reader, PNG/JPEG decoders, EXIF). Findings are
# written to .build/fuzz/findings (each becomes a regression test).
FUZZ_SECONDS ?= 1800
FUZZ_DIR := .build/fuzz
TOOLCHAIN := $(dir $(shell readlink -f $$(command -v $(SWIFT))))
FUZZ_FLAGS := -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
fuzz: system-deps
	@mkdir -p $(FUZZ_DIR)/seeds $(FUZZ_DIR)/corpus-c $(FUZZ_DIR)/corpus-swift $(FUZZ_DIR)/findings $(FUZZ_DIR)/obj
	find ../shared/corpus -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.tif' -o -iname '*.tiff' \) \
	  -size -64k -exec cp {} $(FUZZ_DIR)/seeds/ \;
	$(TOOLCHAIN)clang -g -O1 -fsanitize=fuzzer,address -ISources/CImaging/include Sources/CImaging/*.c Tests/Fuzz/decode_fuzz.c \
	  -ltiff -lpng16 -ljpeg -ldeflate -lm -o $(FUZZ_DIR)/decode_fuzz
	for source in Sources/CImaging/*.c; do \
	  $(TOOLCHAIN)clang -c -g -O1 -fsanitize=fuzzer-no-link,address -ISources/CImaging/include $$source \
	    -o $(FUZZ_DIR)/obj/$$(basename $$source .c).o || exit 1; \
	done
	printf 'module CImaging {\n  umbrella header "%s/Sources/CImaging/include/daftar_imaging.h"\n  export *\n}\n' "$$PWD" \
	  > $(FUZZ_DIR)/module.modulemap
	$(TOOLCHAIN)swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name Imaging \
	  -Xcc -fmodule-map-file=$(FUZZ_DIR)/module.modulemap -ISources/CImaging/include \
	  $$(find Sources/Imaging -name '*.swift') Tests/Fuzz/decode_fuzz.swift $(FUZZ_DIR)/obj/*.o \
	  -ltiff -lpng16 -ljpeg -ldeflate -lm -o $(FUZZ_DIR)/decode_fuzz_swift
	$(FUZZ_DIR)/decode_fuzz $(FUZZ_FLAGS) -artifact_prefix=$(FUZZ_DIR)/findings/c- $(FUZZ_DIR)/corpus-c $(FUZZ_DIR)/seeds \
	  > $(FUZZ_DIR)/c.log 2>&1 & \
	$(FUZZ_DIR)/decode_fuzz_swift $(FUZZ_FLAGS) -artifact_prefix=$(FUZZ_DIR)/findings/swift- $(FUZZ_DIR)/corpus-swift \
	  $(FUZZ_DIR)/seeds > $(FUZZ_DIR)/swift.log 2>&1; swift_status=$$?; wait $$!; c_status=$$?; \
	tail -n 6 $(FUZZ_DIR)/c.log $(FUZZ_DIR)/swift.log; ls $(FUZZ_DIR)/findings; \
	[ $$c_status = 0 ] && [ $$swift_status = 0 ]

bench: bench-deps release
	bash bench/run.sh
	bash bench/peers.sh
	python3 bench/scans.py .build/release/daftar ../shared/corpus/scans bench/out/scans

# Regenerates the Samples' scans and manifest and the exercises' pages, keys and
# exercise.json with the project's own generator (offices.csv, policy.json, the
# READMEs and the briefs are written by hand).
samples: build
	.build/debug/daftar-samplegen samples Samples

clean:
	rm -rf .build bench/out
