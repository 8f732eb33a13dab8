# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD := build
TEST_BUILD := build/asan
CMAKE_GEN := -G Ninja

.PHONY: deps build run test test-build format format-check check-all bench clean

deps:
	@bash ci/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHK_TESTS=OFF

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@bash tools/run-demo.sh $(BUILD)/bin

$(TEST_BUILD)/build.ninja:
	cmake -S . -B $(TEST_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DHK_SANITIZE="address;undefined"

test-build: deps $(TEST_BUILD)/build.ninja
	cmake --build $(TEST_BUILD) -j $(JOBS)

test: test-build format-check
	@bash ci/test.sh $(TEST_BUILD)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs -r clang-format -i

format-check:
	@bash ci/format-check.sh

# Before resolving a large issue: TSan, the hardened release build and timed fuzzing.
check-all: test
	@bash ci/check-all.sh

bench: build
	@bash ci/install-deps.sh --bench
	@bash bench/run-all.sh $(BUILD)/bin

clean:
	rm -rf $(BUILD)
