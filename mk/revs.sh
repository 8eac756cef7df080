#!/bin/sh
# mk/revs.sh PREFIX REGISTRY OUT: writes OUT, a make fragment naming the
# revisions of REGISTRY (an ABI-VERSIONS.xml) for the build:
#   PREFIX_REVS           every revision of the support window, oldest first
#   PREFIX_RELEASED_REVS  those of them that are released
#   PREFIX_NEWEST_REV     the newest of them
# Exit 1, with the registry named, when it cannot be read or names no
# revision; OUT is then left as it was.
set -eu
prefix=$1 reg=$2 out=$3
up=$(echo "$prefix" | tr 'a-z-' 'A-Z_')

ids() { # XPath -> one id per line
	xmllint --xpath "$1" "$reg" 2>/dev/null | tr ' ' '\n' | sed -n 's/^id="\(.*\)"$/\1/p'
}
from=$(xmllint --xpath 'string(/abi-versions/support-window/@from)' "$reg") || exit 1
to=$(xmllint --xpath 'string(/abi-versions/support-window/@to)' "$reg")
# The registry lists revisions oldest first; the window is a run of them.
window=$(ids '/abi-versions/revision/@id' | awk -v f="$from" -v t="$to" \
	'$0 == f { on = 1 } on { print } $0 == t { on = 0 }')
released=$(ids '/abi-versions/revision[@status="released"]/@id')
if [ -z "$window" ]; then
	echo "$reg: no revision in the support window [$from, $to]" >&2
	exit 1
fi
keep=""
for r in $released; do
	echo "$window" | grep -qxF "$r" && keep="$keep $r"
done
newest=$(echo "$window" | tail -n 1)
tmp=$out.tmp
{
	echo "# Generated from $reg by mk/revs.sh: do not edit."
	echo "${up}_REVS :=" $window
	echo "${up}_RELEASED_REVS :=$keep"
	echo "${up}_NEWEST_REV := $newest"
} >"$tmp"
mv "$tmp" "$out"
