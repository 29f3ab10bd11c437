# embargo - two commands take a fresh machine to a result:
#   make run    install deps, build, load the bundled lists, start the service
#   make test   install deps, build, run the whole suite
# Also: make bench, make sanitize (the suite under ASan+UBSan), make fuzz,
# make clean.

BUILD    ?= build
SANBUILD ?= build-san
FUZZBUILD?= build-fuzz
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
DB       ?= $(or $(EMBARGO_DB),embargo.db)
LISTEN   ?= 127.0.0.1:8080
EMBARGO   = $(BUILD)/embargo

.PHONY: all deps build test run bench sanitize fuzz clean

all: build

deps:
	@sh scripts/install-deps

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

sanitize: deps
	cmake -S . -B $(SANBUILD) -DCMAKE_BUILD_TYPE=Debug \
	      -DEMB_SANITIZE=address,undefined >/dev/null
	cmake --build $(SANBUILD) -j $(JOBS)
	cd $(SANBUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS)

fuzz:
	EMB_WITH_FUZZ=1 sh scripts/install-deps
	CC=clang cmake -S . -B $(FUZZBUILD) -DEMB_FUZZ=ON >/dev/null
	cmake --build $(FUZZBUILD) -j $(JOBS)
	@echo "fuzzers are in $(FUZZBUILD)/fuzz/, e.g. $(FUZZBUILD)/fuzz/fuzz_ofac_csv fuzz/corpus/ofac_csv"

run: build
	@sh scripts/run.sh "$(EMBARGO)" "$(DB)" "$(LISTEN)"

bench: build
	@EMB_WITH_BENCH=1 sh scripts/install-deps
	@sh bench/run.sh "$(BUILD)"

clean:
	rm -rf $(BUILD) $(SANBUILD) $(FUZZBUILD)
