#!/usr/bin/env bash
# Host check of Quire's user programs (bin/): builds each with the host cc
# into a temporary directory and runs real checks against the results.
# One line per check; the last line is "N passed, N failed"; the exit
# status is non-zero if anything failed.
#
#   test/host/run_tools.sh [-v]     (-v: show output of failed checks)
#   EXTRA_CFLAGS="-fsanitize=address,undefined" test/host/run_tools.sh
#
# ps, free and poweroff are linked with test/host/qposix_stub.c, which
# invents a few processes and memory figures.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
VERBOSE=0
[ "${1:-}" = "-v" ] && VERBOSE=1

CC=${CC:-cc}
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O1 -g -Iinclude ${EXTRA_CFLAGS:-}"
# The programs and the shell's sources as bin/bin.mk lists them, so that
# a new tool or a new source file of the shell cannot be missed here.
PROGS="sh $(sed -n 's/^BIN_TOOLS := //p' bin/bin.mk)"
SH_SRCS=$(sed -n 's/.*posix_program,sh,bin\/sh\.c \(.*\) \$(BIN_COMMON).*/\1/p' bin/bin.mk)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/quire-tools.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
BIN=$TMP/bin
WORK=$TMP/work
mkdir -p "$BIN" "$WORK/home"
HOSTPATH=$PATH
umask 022

pass=0
fail=0
ok()  { pass=$((pass + 1)); echo "PASS $1"; }
bad() {
	fail=$((fail + 1)); echo "FAIL $1"
	if [ "$VERBOSE" = 1 ] && [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/    | /'; fi
}

# ---- build ---------------------------------------------------------------
for p in $PROGS; do
	extra=""
	case $p in
	ps|free|poweroff) extra=test/host/qposix_stub.c ;;
	sh) extra=$SH_SRCS ;;
	esac
	if msg=$($CC $CFLAGS -o "$BIN/$p" "bin/$p.c" bin/common.c $extra 2>&1); then
		ok "build $p"
	else
		bad "build $p" "$msg"
	fi
done

# ---- helpers ---------------------------------------------------------------
# Run a bash script in $WORK with our tools first in PATH.
run_bash() { (cd "$WORK" && PATH="$BIN:$HOSTPATH" bash -c "$1") ; }
# Run a command line with our sh, PATH holding only our tools.
run_sh() { (cd "$WORK" && env -i HOME="$WORK/home" PATH="$BIN" "$BIN/sh" -c "$1") ; }

# check MODE NAME STATUS EXPECTED SCRIPT
#   MODE bash|sh; stdout and stderr together must equal EXPECTED exactly
#   (byte for byte, trailing newlines included) and the status STATUS.
check() {
	local mode=$1 name=$2 want_st=$3 want=$4 script=$5 st
	if [ "$mode" = sh ]; then run_sh "$script" >"$TMP/out" 2>&1
	else run_bash "$script" >"$TMP/out" 2>&1; fi
	st=$?
	printf '%s' "$want" >"$TMP/want"
	if [ "$st" = "$want_st" ] && cmp -s "$TMP/out" "$TMP/want"; then
		ok "$name"
	else
		bad "$name" "status $st (want $want_st); got:
$(cat "$TMP/out")
--- want:
$want"
	fi
}

# check_re MODE NAME STATUS REGEX SCRIPT: output (one string) matches the
# extended regular expression.
check_re() {
	local mode=$1 name=$2 want_st=$3 re=$4 script=$5 st out
	if [ "$mode" = sh ]; then out=$(run_sh "$script" 2>&1)
	else out=$(run_bash "$script" 2>&1); fi
	st=$?
	if [ "$st" = "$want_st" ] && [[ $out =~ $re ]]; then
		ok "$name"
	else
		bad "$name" "status $st (want $want_st); got:
$out
--- want regex: $re"
	fi
}

# file_is NAME PATH EXPECTED: the file (relative to $WORK) holds exactly EXPECTED.
file_is() {
	printf '%s' "$3" >"$TMP/want"
	if [ -f "$WORK/$2" ] && cmp -s "$WORK/$2" "$TMP/want"; then ok "$1"
	else bad "$1" "$(cat "$WORK/$2" 2>&1)"; fi
}

N=$'\n'

# ---- date, uname ---------------------------------------------------------------
# Against the host's own date and uname (run before our tools are on PATH).
check bash "date +format" 0 "$(date -u +%Y-%m-%d)$N" 'date -u +%Y-%m-%d'
check bash "date default form" 0 "$(LC_ALL=C date -u '+%a %b %e')$N" 'date | cut -c1-10'
check bash "date literal format" 0 "year%$N" 'date +year%%'
check bash "date bad option" 1 "date: -x: unknown option${N}usage: date [-u] [+format]$N" 'date -x'
check bash "date bad operand" 1 "usage: date [-u] [+format]$N" 'date 0101'
check bash "uname -s" 0 "$(uname -s)$N" 'uname'
check bash "uname -sm" 0 "$(uname -s) $(uname -m)$N" 'uname -sm'
check bash "uname -a" 0 "$(uname -s) $(uname -n) $(uname -r) $(uname -v) $(uname -m)$N" 'uname -a'
check bash "uname bad option" 1 "uname: -q: unknown option${N}usage: uname [-asnrvm]$N" 'uname -q'

# ---- true, false, echo --------------------------------------------------------
check bash "true exits 0" 0 "" 'true'
check bash "false exits 1" 1 "" 'false'
check bash "echo words" 0 "hello big world$N" 'echo hello big world'
check bash "echo -n" 0 "a bc$N" 'echo -n a b; echo c'
check bash "echo no args" 0 "$N" 'echo'
check bash "echo other dash args" 0 "-x -n$N" 'echo -x -n'

# ---- cat ------------------------------------------------------------------------
printf 'one\ntwo\n' >"$WORK/c1"
printf 'three\n' >"$WORK/c2"
check bash "cat files" 0 "one${N}two${N}three$N" 'cat c1 c2'
check bash "cat stdin" 0 "piped$N" 'printf "piped\n" | cat'
check bash "cat - between files" 0 "one${N}two${N}mid${N}three$N" 'printf "mid\n" | cat c1 - c2'
check bash "cat missing file" 1 "cat: nope: No such file or directory${N}three$N" 'cat nope c2'
check bash "cat directory" 1 "cat: .: Is a directory$N" 'cat .'
head -c 100000 /dev/urandom >"$WORK/big" 2>/dev/null
check bash "cat large binary file" 0 "" 'cat big > big.copy && cmp big big.copy'

# ---- mkdir ------------------------------------------------------------------------
check bash "mkdir" 0 "" 'mkdir m1 m2 && [ -d m1 ] && [ -d m2 ]'
check bash "mkdir existing" 1 "mkdir: m1: File exists$N" 'mkdir m1'
check bash "mkdir missing parent" 1 "mkdir: x/y: No such file or directory$N" 'mkdir x/y'
check bash "mkdir -p" 0 "" 'mkdir -p p/q/r && [ -d p/q/r ] && mkdir -p p/q/r p//q/ && [ -d p/q ]'
check bash "mkdir -p through a file" 1 "mkdir: c1: Not a directory$N" 'mkdir -p c1/sub'
check bash "mkdir no operand" 1 "usage: mkdir [-p] dir ...$N" 'mkdir'
check bash "mkdir bad option" 1 "mkdir: -z: unknown option${N}usage: mkdir [-p] dir ...$N" 'mkdir -z d'

# ---- ls ---------------------------------------------------------------------------
mkdir -p "$WORK/L/sub"
printf 'hello' >"$WORK/L/b"
printf '0123456789abc' >"$WORK/L/a"
printf 'x' >"$WORK/L/.hidden"
printf '' >"$WORK/L/C"
chmod 755 "$WORK/L/a"
chmod 4710 "$WORK/L/C"
ln -s b "$WORK/L/lnk"
check bash "ls dir sorted" 0 "C${N}a${N}b${N}lnk${N}sub$N" 'ls L'
check bash "ls -a" 0 ".${N}..${N}.hidden${N}C${N}a${N}b${N}lnk${N}sub$N" 'ls -a L'
check bash "ls file operand" 0 "L/b$N" 'ls L/b'
check bash "ls no operand is ." 0 "C${N}a${N}b${N}lnk${N}sub$N" 'cd L && ls'
check bash "ls several operands" 0 "L/a${N}L/b${N}${N}L/sub:${N}${N}m1:$N" 'ls m1 L/b L/sub L/a'
check bash "ls missing operand" 1 "ls: L/nope: No such file or directory${N}L/a$N" 'ls L/nope L/a'
check bash "ls -l file" 0 "-rw-r--r-- 1 5 L/b$N" 'ls -l L/b'
check bash "ls -l aligned columns" 0 "-rwxr-xr-x 1 13 L/a${N}-rw-r--r-- 1  5 L/b$N" 'ls -l L/b L/a'
check bash "ls -l setuid mode" 0 "-rws--x--- 1 0 L/C$N" 'ls -l L/C'
check bash "ls -l symlink" 0 "lrwxrwxrwx 1 1 L/lnk -> b$N" 'ls -l L/lnk'
check_re bash "ls -ld directory" 0 '^drwxr-xr-x 2 [0-9]+ L/sub$' 'ls -ld L/sub'
check_re bash "ls -l directory lines" 0 \
	'^-rws--x--- +1 +0 C
-rwxr-xr-x +1 +13 a
-rw-r--r-- +1 +5 b
lrwxrwxrwx +1 +1 lnk -> b
drwxr-xr-x +2 +[0-9]+ sub$' 'ls -l L'
check bash "ls -l link count" 0 "-rw-r--r-- 2 5 L/b${N}-rw-r--r-- 2 5 L/hb$N" 'ln L/b L/hb && ls -l L/b L/hb; rm L/hb'

# ---- rm ---------------------------------------------------------------------------
check bash "rm file" 0 "" 'echo x > r1 && rm r1 && [ ! -e r1 ]'
check bash "rm missing" 1 "rm: r1: No such file or directory$N" 'rm r1'
check bash "rm -f missing" 0 "" 'rm -f r1 r2'
check bash "rm directory without -r" 1 "rm: m2: Is a directory$N" 'rm m2'
mkdir -p "$WORK/R/d1/d2" "$WORK/keep"
echo k >"$WORK/keep/file"
echo a >"$WORK/R/f"; echo b >"$WORK/R/d1/g"; echo c >"$WORK/R/d1/d2/.h"
ln -s ../keep "$WORK/R/d1/tokeep"
check bash "rm -r tree (links not followed)" 0 "k$N" 'rm -r R && [ ! -e R ] && cat keep/file'
check bash "rm -r refuses ." 1 "rm: p/q/.: refusing to remove '.' or '..'$N" 'rm -r p/q/.'
check bash "rm -rf mixed" 0 "" 'rm -rf p m2 nothing && [ ! -e p ] && [ ! -e m2 ]'

# ---- cp ---------------------------------------------------------------------------
check bash "cp file to file" 0 "" 'cp c1 cp1 && cmp c1 cp1'
check bash "cp overwrites" 0 "three$N" 'cp c2 cp1 && cat cp1'
check bash "cp keeps mode" 0 "-rwxr-xr-x 1 13 x1$N" 'cp L/a x1 && ls -l x1'
check bash "cp files into dir" 0 "c1${N}c2$N" 'mkdir cd1 && cp c1 c2 cd1 && ls cd1 && cmp c1 cd1/c1'
check bash "cp same file" 1 "cp: c1: same file as ./c1$N" 'cp ./c1 c1'
check bash "cp missing source" 1 "cp: nope: No such file or directory$N" 'cp nope x'
check bash "cp dir without -r" 1 "cp: L: Is a directory$N" 'cp L L2'
check bash "cp many into non-dir" 1 "cp: c2: Not a directory$N" 'cp c1 big c2'
check bash "cp -r tree" 0 "" 'cp -r L L2 && diff -r L L2 && [ -L L2/lnk ]'
check bash "cp -r into itself" 0 "" 'cp -r L2 L2 && [ -f L2/L2/a ] && [ ! -e L2/L2/L2 ]'
check bash "cp -r into existing dir" 0 "" 'cp -r L cd1 && diff -r L cd1/L'

# ---- mv ---------------------------------------------------------------------------
check bash "mv rename" 0 "one${N}two$N" 'cp c1 mv1 && mv mv1 mv2 && [ ! -e mv1 ] && cat mv2'
check bash "mv into dir" 0 "one${N}two$N" 'mkdir md && mv mv2 md && cat md/mv2'
check bash "mv across dirs with new name" 0 "one${N}two$N" 'mkdir md2 && mv md/mv2 md2/renamed && [ ! -e md/mv2 ] && cat md2/renamed'
check bash "mv several into dir" 0 "a${N}b$N" 'echo > a && echo > b && mv a b md && ls md'
check bash "mv directory" 0 "a${N}b$N" 'mv md md3 && ls md3'
check bash "mv missing source" 1 "mv: nope: No such file or directory$N" 'mv nope x'
check bash "mv into missing dir" 1 "mv: nodir/x: No such file or directory$N" 'mv c1 nodir/x'

# ---- ln ---------------------------------------------------------------------------
check bash "ln hard" 0 "one${N}two$N" 'ln c1 h1 && [ c1 -ef h1 ] && cat h1'
check bash "ln -s" 0 "c1$N" 'ln -s c1 s1 && readlink s1'
check bash "ln -s dangling, ls -l" 0 "lrwxrwxrwx 1 7 s2 -> nowhere$N" 'ln -s nowhere s2 && ls -l s2'
check bash "ln into dir" 0 "" 'mkdir ld && ln c1 c2 ld && [ ld/c1 -ef c1 ] && [ ld/c2 -ef c2 ]'
check bash "ln existing" 1 "ln: h1: File exists$N" 'ln c2 h1'
check bash "ln -f replaces" 0 "three$N" 'ln -f c2 h1 && cat h1'
check bash "ln missing target" 1 "ln: nope: No such file or directory$N" 'ln nope h9'

# ---- pwd, sync, ps, free, poweroff -----------------------------------------------
check bash "pwd" 0 "$(cd "$WORK" && pwd -P)$N" 'pwd'
check bash "pwd in subdir" 0 "$(cd "$WORK" && pwd -P)/ld$N" 'cd ld && pwd'
check bash "sync" 0 "" 'sync'
check bash "ps (stub processes)" 0 \
"  PID  PPID     EP STATE   NAME                  RSS      SHR    WIRED
    -     -   4096 blocked pm                    120       16        0
    7     1   4098 run     sh                     48       36        8
    9     7   4099 dead    ls                      0        0        0
" 'ps'
check bash "free (stub figures)" 0 \
"          total       used       free      cache
Mem:     524288      36288     480000       8000
Cache: 2000 pages (3 dirty, 40 mapped); 900 hits, 100 misses, 7 evicted, 25 faults waited for a file server
Wired: 512 KiB
Reclaim: 300 pages (20 unmapped first) in 4 daemon runs (low mark 1000 pages free); 6 waits for memory, 1 out-of-memory kills
" 'free'
check bash "poweroff reports failure" 1 "poweroff: quire_poweroff: Operation not permitted$N" 'poweroff'

# ---- sh: commands, PATH, status ------------------------------------------------
check sh "sh simple command via PATH" 0 "hi$N" 'echo hi'
check sh "sh absolute path" 0 "hi$N" "$BIN/echo hi"
check sh "sh relative path" 0 "rel$N" "cd $BIN && ./echo rel"
check sh "sh not found" 127 "sh: nosuch: No such file or directory$N" 'nosuch'
check sh "sh not found, \$?" 0 "sh: nosuch: No such file or directory${N}127$N" 'nosuch; echo $?'
printf 'data\n' >"$WORK/noexec"
check sh "sh not executable" 126 "sh: ./noexec: Permission denied$N" './noexec'
printf 'echo plain script $1\n' >"$WORK/plain"; chmod +x "$WORK/plain"
check sh "sh runs a #!-less script with /bin/sh" 0 "plain script arg$N" './plain arg'
check sh "sh \$? after false/true" 0 "1${N}0$N" 'false; echo $?; true; echo $?'
check sh "sh exit n" 7 "" 'exit 7'
check sh "sh exit keeps status" 1 "" 'false; exit'
check sh "sh exit stops" 3 "a$N" 'echo a; exit 3; echo b'
check sh "sh exit bad arg" 2 "sh: exit: x: numeric argument required$N" 'exit x'
check sh "sh status of last command" 1 "" 'true; false'
check sh "sh ; sequencing" 0 "1${N}2${N}3$N" 'echo 1; echo 2 ;echo 3;'
check sh "sh && ||" 0 "a${N}b${N}yes$N" 'echo a && echo b || echo c; false && echo no || echo yes'
check sh "sh & and wait" 0 "a${N}b${N}3$N" 'echo a & wait; echo b; (exit 3) 2>/dev/null; sh -c "exit 3" & wait; echo $?'
check sh "sh & pipeline reads its pipe" 0 "p${N}" 'echo p | cat & wait'
check sh "sh & job's stdin is /dev/null" 0 "f${N}" 'echo in | sh -c "cat & wait"; echo f > f; cat < f & wait'
check sh "sh &&& is an error" 2 "sh: syntax error near '&'$N" 'echo x &&& echo y'
check sh "sh comments" 0 "a$N" '# whole line
echo a # trailing
#echo b'
check sh "sh # inside word" 0 "a#b$N" 'echo a#b'

# ---- sh: quoting and expansion ----------------------------------------------------
check sh "sh single quotes" 0 "a  \$HOME \"b\"$N" "echo 'a  \$HOME \"b\"'"
check sh "sh double quotes" 0 "x  $WORK/home 'q' \$ \"$N" 'echo "x  $HOME '"'q'"' \$ \""'
check sh "sh backslashes" 0 "a b c\\d \$x$N" 'echo a\ b c\\d \$x'
check sh "sh adjacent quoted parts" 0 "abcdef$N" "echo a'b'\"c\"d\\ef"
check sh "sh empty quoted args" 0 "[] []$N" "echo [''] [\"\"]"
check sh "sh variables" 0 "hello hello! hellox$N" 'X=hello; echo $X ${X}! "${X}x"'
check sh "sh unset variable dropped" 0 "a b${N}a  b$N" 'echo a $NOPE b; echo "a $NOPE b"'
check sh "sh \$? in quotes" 0 "st=1$N" 'false; echo "st=$?"'
check sh "sh assignment exported" 0 "v1$N" 'Y=v1; sh -c "echo \$Y"'
check sh "sh prefix assignment" 0 "2${N}[]$N" 'Z=2 sh -c '"'"'echo $Z'"'"'; echo "[$Z]"'
check sh "sh export and unset" 0 "e1${N}[]$N" 'export E=e1; sh -c "echo \$E"; unset E; sh -c "echo [\$E]"'
check sh "sh tilde" 0 "$WORK/home/x$N" 'echo ~/x'
check sh "sh \$0 \$1 \$#" 0 "nm a b 2$N" 'sh -c '"'"'echo $0 $1 $2 $#'"'"' nm a b'
check sh "sh lone dollar" 0 "\$ a\$ \$-$N" 'echo $ a$ $-'

# ---- sh: redirection ----------------------------------------------------------------
check sh "sh > and >>" 0 "a${N}b$N" 'echo a > r.txt; echo b >> r.txt; cat r.txt'
file_is "sh > file content" r.txt "a${N}b$N"
check sh "sh > truncates" 0 "c$N" 'echo c > r.txt; cat < r.txt'
check sh "sh < input" 0 "one${N}two$N" 'cat < c1'
check sh "sh < missing" 1 "sh: nope: No such file or directory$N" 'cat < nope'
check sh "sh 2> file" 0 "ls: nope: No such file or directory$N" 'ls nope 2> e.txt; cat e.txt'
check sh "sh 2>&1 into pipe" 0 "ls: nope: No such file or directory$N" 'ls nope 2>&1 | cat'
check sh "sh >&2 order" 0 "to-err$N" 'echo to-err >&2 2>/dev/null'
check sh "sh redirection before command" 0 "pre$N" '> pre.txt echo pre; cat pre.txt'
check sh "sh redirection only creates file" 0 "" '> empty.txt; cat empty.txt'
check sh "sh redirection on builtin" 0 "sh: cd: nowhere: No such file or directory$N" 'cd nowhere 2> cd.err; cat cd.err'
check sh "sh builtin redirection restored" 0 "after$N" 'cd . > /dev/null; echo after'
check sh "sh quoted file names" 0 "sp$N" 'echo sp > "a file"; cat a\ file'
file_is "sh quoted file name content" "a file" "sp$N"

# ---- sh: pipelines ---------------------------------------------------------------------
check sh "sh pipeline of 2" 0 "x$N" 'echo x | cat'
check sh "sh pipeline of 4" 0 "one${N}two$N" 'cat c1 | cat | cat - | cat'
check sh "sh pipeline of 12" 0 "long$N" 'echo long | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat | cat'
check sh "sh pipeline status is last" 0 "0${N}1$N" 'false | true; echo $?; true | false; echo $?'
check sh "sh pipeline with redirections" 0 "one${N}two$N" 'cat < c1 | cat > p.txt; cat p.txt'
check sh "sh pipeline across lines" 0 "z$N" 'echo z |
cat'
check sh "sh builtin in pipeline" 0 "$WORK$N" 'cd / | cat; pwd'
check bash "sh big data through pipe" 0 "" "$BIN/sh -c 'cat big | cat | cat > big.p' && cmp big big.p"

# ---- sh: cd ---------------------------------------------------------------------------
check sh "sh cd" 0 "$WORK/ld$N" 'cd ld; pwd'
check sh "sh cd no arg is HOME" 0 "$WORK/home$N" 'cd; pwd'
check sh "sh cd missing" 1 "sh: cd: nowhere: No such file or directory$N" 'cd nowhere'
check sh "sh cd -" 0 "$WORK${N}$WORK$N" 'cd ld; cd -; pwd'
check sh "sh cd sets PWD" 0 "$WORK/ld$N" 'cd ld; sh -c "echo \$PWD"'
check bash "sh cd without HOME goes to /" 0 "/$N" "env -i PATH=$BIN $BIN/sh -c 'cd; pwd'"

# ---- sh: syntax errors -----------------------------------------------------------------
check sh "sh error: leading |" 2 "sh: syntax error near '|'$N" '| echo'
check sh "sh error: ;;" 2 "sh: syntax error near ';'$N" 'echo a;; echo b'
check sh "sh error: missing redirection target" 2 "sh: syntax error near 'newline'$N" 'echo >
echo b'
check sh "sh error: open quote" 2 "sh: syntax error: unexpected end of input$N" 'echo "abc'

# ---- sh: scripts and stdin -----------------------------------------------------------
cat >"$WORK/script.sh" <<'EOF'
#!/bin/sh
# a comment
echo "script $0 $1 $#"
mkdir -p sd/inner && cd sd
echo 'multi
line' > f.txt
cat f.txt | cat
echo one \
two
cd ..
NAME=val
echo "$NAME" > sd/v.txt
exit 4
echo not reached
EOF
check bash "sh script file" 4 "script script.sh arg1 1${N}multi${N}line${N}one two$N" "$BIN/sh script.sh arg1"
file_is "sh script made files" sd/v.txt "val$N"
check bash "sh missing script" 127 "sh: nope.sh: No such file or directory$N" "$BIN/sh nope.sh"
check bash "sh reads stdin, no prompt" 0 "a${N}b$N" "printf 'echo a\necho b\n' | $BIN/sh"
check bash "sh stdin pipe shared with commands" 0 "first${N}for cat${N}also$N" \
	"printf 'echo first; cat\nfor cat\nalso\n' | $BIN/sh"
printf 'echo seek\ncat\nrest of file\n' >"$WORK/seek.sh"
check bash "sh stdin file shared with commands" 0 "seek${N}rest of file$N" "$BIN/sh < seek.sh"
check bash "sh script errors stop it" 2 "a${N}sh: syntax error near ';'$N" \
	"printf 'echo a\n;\necho b\n' | $BIN/sh"
check bash "sh -c with no command" 2 "sh: -c: option requires an argument$N" "$BIN/sh -c"

# Interactive: the prompt appears only on a terminal.
if command -v python3 >/dev/null 2>&1; then
	out=$(cd "$WORK" && python3 - "$BIN/sh" <<'EOF' 2>&1
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1]])
def read_until(data, marker=None, seconds=30):
    """Add what the terminal prints until marker shows (or it closes)."""
    deadline = time.time() + seconds
    while (marker is None or marker not in data) and time.time() < deadline:
        if not select.select([fd], [], [], 1)[0]:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data
# Type only once the prompt is there (the terminal echoes what is typed
# at once, so typing earlier would race with the prompt).
data = read_until(b"", b"$ ")
os.write(fd, b"echo hi\nexit 5\n")
data = read_until(data)
_, st = os.waitpid(pid, 0)
text = data.decode().replace("\r", "")
print(repr(text), os.WEXITSTATUS(st))
EOF
)
	case $out in
	"'\$ echo hi\nexit 5\nhi\n\$ ' 5") ok "sh prompt on a tty" ;;
	*) bad "sh prompt on a tty" "$out" ;;
	esac
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
