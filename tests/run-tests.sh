#!/bin/sh
# run-tests.sh - run each test program given, print its output, and finish with one line
# "tests: N passed, N failed" counting programs. Exits 1 if any program failed.
passed=0
failed=0
failed_names=""
for t in "$@"; do
	echo "== $t"
	if "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failed_names="$failed_names $t"
	fi
done
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
