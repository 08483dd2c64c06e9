# DRAI chip emulator. `make run` runs the main job on the bundled chip and data; `make test`
# runs the tests. They install the system libraries they need when missing: zlib's headers,
# and for the tests (which build the SystemC module) Debian's libsystemc-dev.

SWIFT ?= swift
CONFIG ?= release
# NATIVE=1: an opt-in build for this machine's CPU (-target-cpu native) with fused multiply-add
# in the crossbar read (-DDRAI_FMA), in its own folder .build-native. Its figures differ from
# the portable build's in the last bits (FMA rounds once per term); each build is deterministic.
NATIVE ?=
ifeq ($(NATIVE),1)
SCRATCH := .build-native
NATIVE_FLAGS := -Xswiftc -target-cpu -Xswiftc native -Xswiftc -DDRAI_FMA
else
SCRATCH := .build
NATIVE_FLAGS :=
endif
DRAI := $(SCRATCH)/$(CONFIG)/drai

.PHONY: run test test-native sanitize fuzz fuzz-smoke build deps deps-systemc cosim bench bench-quick bench-scale kuramoto validate lib clean

run: build
	$(DRAI) run

# Tests build in their own folder, so that `make run` and `make test` do not rebuild each other.
test: deps deps-systemc
	$(SWIFT) test -c $(CONFIG) --scratch-path .build-test

# The whole test suite under AddressSanitizer, then under ThreadSanitizer (tiles stepped on
# threads, the C ABI's handle table), each in its own build folder. Not run by CI (about
# 10 min of building each); see Docs/user-guide.md, "Sanitizers". SANITIZE=address or thread
# runs one of them. Leak detection is off: the toolchain's Foundation and XCTest leak a few
# blocks of their own (none in this package's modules; checked with it on). Stack-use-after-
# return detection is off too: SystemC's coroutines switch stacks, which it cannot follow.
SANITIZE ?= address thread
sanitize: deps deps-systemc
	@for s in $(SANITIZE); do \
	  echo "== $$s sanitizer"; \
	  DRAI_SANITIZE=$$s ASAN_OPTIONS=detect_leaks=0:detect_stack_use_after_return=0 TSAN_OPTIONS=halt_on_error=1 \
	    $(SWIFT) test -c $(CONFIG) --sanitize=$$s --scratch-path .build-sanitize-$$s || exit 1; \
	done

# Coverage-guided fuzzing (libFuzzer) of every input the emulator reads from a user (Fuzz/,
# Fuzz/README.md): `make fuzz` for FUZZ_SECONDS (default 600), `make fuzz-smoke` for 60 s (CI).
# New inputs go to Fuzz/.work; a crash, trap, hang (10 s) or memory blow-up (2 GB) is written
# there as crash-*, timeout-* or oom-* and fails the target.
FUZZ_SECONDS ?= 600
FUZZ_FLAGS := -Xswiftc -sanitize=fuzzer -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
fuzz: deps
	cd Fuzz && $(SWIFT) build -c release $(FUZZ_FLAGS)
	mkdir -p Fuzz/.work
	Fuzz/.build/release/drai-fuzz Fuzz/.work Fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	  -rss_limit_mb=2048 -max_len=4096 -artifact_prefix=Fuzz/.work/ -print_final_stats=1
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=60

# The bit-exactness tests of the hot loops built as NATIVE=1 builds them (FMA, this CPU), so that
# the fused read path is checked too (CI runs it after `make test`).
test-native: deps deps-systemc
	$(SWIFT) test -c $(CONFIG) --scratch-path .build-test-native -Xswiftc -target-cpu -Xswiftc native -Xswiftc -DDRAI_FMA \
	  --filter 'readOrder|laneAndTailAgree|converterLanes|bulkSinCos'

build: deps
	$(SWIFT) build -c $(CONFIG) --product drai --scratch-path $(SCRATCH) $(NATIVE_FLAGS)

# zlib's headers are needed to read the gzip-compressed dataset.
deps:
	@if [ ! -f /usr/include/zlib.h ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq zlib1g-dev; \
	  else echo "zlib headers missing: run 'sudo apt-get install -y zlib1g-dev'"; exit 1; fi; \
	fi

# The C ABI as a self-contained shared library (Swift runtime linked in statically) for C, C++
# and SystemC hosts without a Swift toolchain: out/lib/libDRAICAPI.so and out/include/drai.h
# (Docs/cosim.md).
lib: deps
	$(SWIFT) build -c $(CONFIG) --product DRAICAPI -Xswiftc -static-stdlib --scratch-path .build-lib
	mkdir -p out/lib out/include
	strip -o out/lib/libDRAICAPI.so .build-lib/$(CONFIG)/libDRAICAPI.so
	cp Sources/CDRAI/include/drai.h out/include/
	@ls -l out/lib/libDRAICAPI.so; ldd out/lib/libDRAICAPI.so

# SystemC 2.3 (Debian's libsystemc-dev) for the module in Hardware/systemc.
deps-systemc:
	@if [ ! -f /usr/include/systemc.h ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libsystemc-dev; \
	  else echo "SystemC headers missing: run 'sudo apt-get install -y libsystemc-dev'"; exit 1; fi; \
	fi

# Builds the SystemC module and runs its three testbenches (Docs/cosim.md); the digits one prints
# the summary `make run` prints.
cosim: deps deps-systemc
	$(SWIFT) build -c $(CONFIG) --product drai-systemc
	mkdir -p out
	SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 .build/$(CONFIG)/drai-systemc Hardware/chips/default.yaml aer 1000 --vcd out/cosim | tail -n 3
	SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 .build/$(CONFIG)/drai-systemc Hardware/chips/default.yaml tlm
	SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 .build/$(CONFIG)/drai-systemc Hardware/chips/default.yaml digits Hardware/workloads/digits-recall.yaml

# The Kuramoto validation of Docs/results.md.
kuramoto: build
	$(DRAI) kuramoto --coupling 3 --model reference
	$(DRAI) kuramoto --coupling 3 --model chip

validate: build
	$(DRAI) validate Hardware/chips/default.yaml
	$(DRAI) validate Hardware/workloads/digits-recall.yaml
	for t in Hardware/energy/*.yaml; do $(DRAI) validate $$t || exit 1; done

# Simulated cycles per second (see Benchmarks/README.md). The release folder is cleared first:
# SwiftPM's incremental build can keep a stale benchmark module after the model's layout changes.
bench: deps
	rm -rf Benchmarks/.build/x86_64-unknown-linux-gnu/release
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark

# The same figures without the benchmark plugin (faster to build).
bench-quick: deps
	rm -rf Benchmarks/.build/x86_64-unknown-linux-gnu/release
	cd Benchmarks && $(SWIFT) run -c release drai-cycles

# Scaling figures (Benchmarks/README.md, "Scale"): the large chips, threads and spike delivery,
# beside the reference kernels of ../shared/reference-kernels built with the same flags.
bench-scale: deps
	bash Benchmarks/scale.sh $(if $(filter 1,$(NATIVE)),native,portable)

clean:
	rm -rf .build .build-native .build-test .build-test-native .build-lib out Benchmarks/.build Benchmarks/.build-native
