#!/usr/bin/env bash
# 年终材料：复核抽取台账，导出本年度全部公开文件；另在内部资料文件夹中填写每个抽查任务的抽查工作记录表、生成年度抽查情况报告。
# 任何一步出错即停止，退出码就是出错命令的退出码；出错时什么都不留下（先写在临时文件夹里，全部成功后才改名为输出文件夹）。
#
# 用法：
#   bash examples/year-end.sh [--evidence] [工作区] [输出文件夹]
#
#   --evidence   把证据材料文件（照片、录像……）也复制进年终材料的内部资料文件夹（可能很大）
#
#   工作区       ssj 工作区的文件夹（或其中的任何子文件夹），默认为当前文件夹
#   输出文件夹   默认为 工作区/年终材料-<年度>；已存在且不是空的文件夹不会使用，任何文件都不会被覆盖
#                输出文件夹是可以公开的材料；旁边另有一个「输出文件夹（内部资料 不得公开）」，放记录表、报告和工作区副本（见下）
#
# 环境变量：
#   SSJ          运行 ssj 的命令，如 SSJ="node /opt/ssj/bin/ssj.js"；默认为 ssj，找不到时用本脚本旁边的 ../bin/ssj.js
#   SSJ_TODAY    与 ssj 相同：把“今天”固定为某一天（补做往年材料、测试）
#
# 生成的文件（以 2026 年度为例）：
#   台账复核结果.json                      run_ssj verify --all --json
#   抽查任务进度.json                      run_ssj status --json
#   2026年度随机抽查事项清单.xlsx          run_ssj export items
#   2026年度抽查工作计划.xlsx              run_ssj export plan
#   2026年度抽取结果.xlsx / .csv           run_ssj export draws（CSV 旁附 .records.jsonl：抽取记录本身，可凭它复核）
#   检查对象名录库（快照 …）.xlsx           run_ssj export entities --snapshot …：每次抽取所用的检查对象名录，每个快照一份
#   执法检查人员名录（快照 …）.xlsx         run_ssj export inspectors --snapshot …：同上，执法检查人员名录
#   抽取复核工具.html                      run_ssj export verifier：用浏览器打开，凭以上公开文件复核每一次抽取（不联网）
#   2026年度检查结果.xlsx / .csv           run_ssj export results
#   （每个 CSV 旁附 .chain.json：导出时的台账链头；整个文件夹可用 ssj verify --against 核对台账，见 docs/ledger.md）
#   以上是可以公开的材料。另一个文件夹「年终材料-2026（内部资料 不得公开）」（输出文件夹名加后缀，在它旁边）放不公开的：
#   抽查工作记录表/2026-001 抽查工作记录表.xlsx …   run_ssj form，每个未被重抽取代的抽查任务一份（有回避情况、地址、操作人员）
#   2026年度抽查情况报告.xlsx              run_ssj report（报上级；有人员工作量、补抽原因）
#   2026年度检查对象名录库调整清单.xlsx    run_ssj export adjustments（检查中发现注销、被吊销、被撤销、迁出的，供维护名录库）
#   2026年度证据材料索引.xlsx              run_ssj export evidence（保存过证据材料时；每个文件按哈希核对）
#   证据材料/                              加 --evidence 时：证据材料文件本身（按哈希命名）
#   工作区副本/                            台账和它所覆盖的全部记录（抽取记录、每个检查结果版本、公示登记、备案的计划及其
#                                          调整、证据材料登记）、名录快照和设置：上级用 ssj rollup 复核、汇总。名录快照中
#                                          有联系电话、回避关系，不得公开，只报上级
#   （年度抽查工作计划：已备案时导出备案版本及其调整）
#
# 什么算失败（会停止）：台账复核不通过；本年度没有抽查任务；没有任何任务录入了检查结果（年终时这本身就是问题，
# 先用 ssj results sheet / ssj results import 录入）；任何一个 ssj 命令出错。
# 只提醒、不停止：个别任务还没有录入结果、还没有公示或逾期公示——这些会写进年度报告，也列在最后的小结里。
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$0")" && pwd)

say() { printf '%s\n' "$*"; }
fail() { # fail 退出码 说明…
  local rc=$1
  shift
  printf '✖ %s\n' "$1" >&2
  shift
  [ $# -eq 0 ] || printf '  %s\n' "$@" >&2
  exit "$rc"
}

WITH_EVIDENCE=0
if [ "${1:-}" = "--evidence" ]; then
  WITH_EVIDENCE=1
  shift
fi
case "${1:-}" in
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  -*) fail 2 "不认识的选项 $1" "用法：bash $PROG [工作区] [输出文件夹]" ;;
esac
[ $# -le 2 ] || fail 2 "参数太多了" "用法：bash $PROG [工作区] [输出文件夹]"

# ---------------------------------------------------------------------------------------------------
# 运行 ssj 的命令
if [ -n "${SSJ:-}" ]; then
  read -r -a SSJ_CMD <<<"$SSJ"
elif command -v ssj >/dev/null 2>&1; then
  SSJ_CMD=(ssj)
elif [ -f "$HERE/../bin/ssj.js" ]; then
  SSJ_CMD=(node "$HERE/../bin/ssj.js")
else
  fail 1 "找不到 ssj 命令" "请安装 ssj，或用环境变量 SSJ 指定，如 SSJ=\"node /路径/bin/ssj.js\" bash $PROG"
fi
command -v node >/dev/null 2>&1 || fail 1 "找不到 node（Node.js 20 或更高版本）"

# ---------------------------------------------------------------------------------------------------
# 工作区：从给定的文件夹向上找 ssj.json（与 ssj 的做法相同），读出年度
WS=${1:-.}
[ -d "$WS" ] || fail 1 "工作区文件夹「$WS」不存在"
INFO=$(node -e '
  const fs = require("fs"), path = require("path");
  let d = path.resolve(process.argv[1]);
  for (;;) {
    const f = path.join(d, "ssj.json");
    if (fs.existsSync(f)) {
      let year;
      try { year = JSON.parse(fs.readFileSync(f, "utf8")).year; } catch (e) { console.error(`配置文件 ${f} 不是有效的 JSON：${e.message}`); process.exit(1); }
      if (!Number.isInteger(year)) { console.error(`配置文件 ${f} 中没有年度（year）`); process.exit(1); }
      process.stdout.write(`${year}\n${d}`);
      process.exit(0);
    }
    const up = path.dirname(d);
    if (up === d) { console.error(`「${path.resolve(process.argv[1])}」及其上级文件夹中都没有 ssj 工作区（ssj.json）`); process.exit(1); }
    d = up;
  }' "$WS") || fail 1 "无法确定工作区，没有做任何事"
YEAR=${INFO%%$'\n'*}
ROOT=${INFO#*$'\n'}

# ---------------------------------------------------------------------------------------------------
# 输出文件夹：不存在，或是空文件夹；先写进同一上级文件夹中的临时文件夹，全部成功后再放到位
OUT=${2:-$ROOT/年终材料-$YEAR}
OUT=${OUT%/}
# 内部资料（工作区副本：名录快照中有联系电话、回避关系）放在公开材料旁边的另一个文件夹，不混在公开材料中
INTERNAL="$OUT（内部资料 不得公开）"
for d in "$OUT" "$INTERNAL"; do
  if [ -e "$d" ]; then
    [ -d "$d" ] || fail 1 "「$d」已存在，而且不是文件夹；为避免覆盖，没有做任何事"
    if [ -n "$(ls -A "$d")" ]; then
      fail 1 "输出文件夹「$d」已存在且不是空的；为避免覆盖其中的文件，没有做任何事" \
        "请把它改名或移走，或在第二个参数中给出另一个文件夹"
    fi
  fi
done
PARENT=$(dirname "$OUT")
mkdir -p "$PARENT"
PARENT=$(cd "$PARENT" && pwd) # ssj runs with -C 工作区: the staging folders must be absolute paths
STAGE=$(mktemp -d "$PARENT/.年终材料-$YEAR.XXXXXX")
ISTAGE=$(mktemp -d "$PARENT/.年终材料-$YEAR-内部.XXXXXX")
chmod "$(printf '%o' $((0777 & ~$(umask))))" "$STAGE" # mktemp 建的文件夹只有自己能读；改为与普通文件夹相同的权限（内部资料的保持只有自己能读）
cleanup() {
  [ -n "${STAGE:-}" ] && [ -d "$STAGE" ] && rm -rf "$STAGE"
  [ -n "${ISTAGE:-}" ] && [ -d "$ISTAGE" ] && rm -rf "$ISTAGE"
  return 0
}
trap cleanup EXIT

# run_ssj 参数…：在工作区中运行 ssj（command：SSJ_CMD 是 ssj 时也不会调用到本脚本里的函数）
run_ssj() { command "${SSJ_CMD[@]}" -C "$ROOT" "$@"; }
# json 文件 表达式：用 node 从 JSON 文件中取值（不依赖 jq）；表达式中 j 是解析后的内容
json() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = eval(process.argv[2]); process.stdout.write(Array.isArray(v) ? v.join("\n") : String(v));' "$1" "$2"; }

STEP=0
STEPS=11
# step 说明 命令…：运行一步；失败时说明是哪一步，以该命令的退出码停止。
# 注意：在 step 运行的函数里 set -e 不起作用（bash 的规定），所以函数中的每个命令都写了 || return $?
step() {
  local what=$1 rc=0
  shift
  STEP=$((STEP + 1))
  say "[$STEP/$STEPS] $what"
  "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    fail "$rc" "第 $STEP 步「$what」失败（退出码 $rc），已停止；没有生成年终材料（临时文件已删除）"
  fi
}
quiet() { run_ssj "$@" >/dev/null; }

say "$YEAR 年度年终材料：工作区 $ROOT"
say "输出到：$OUT"

# 1. 台账复核：先于一切导出。不通过时再以文字形式运行一次，让屏幕上显示哪里不一致。
verify() {
  local rc=0
  run_ssj verify --all --json >"$STAGE/台账复核结果.json" || rc=$?
  if [ "$rc" -ne 0 ]; then
    run_ssj verify --all >&2 || true
    return "$rc"
  fi
}
step "复核抽取台账（ssj verify --all）" verify

# 2. 任务进度；没有任务、没有任何检查结果都是年终时必须先处理的问题
STATUS="$STAGE/抽查任务进度.json"
status() { run_ssj status --json >"$STATUS"; }
step "保存抽查任务进度（ssj status --json）" status
TASKS=$(json "$STATUS" 'j.map((t) => t.task)')
if [ -z "$TASKS" ]; then
  fail 1 "$YEAR 年度还没有任何抽查任务（抽取记录），没有生成年终材料" "请先用 ssj draw 完成本年度的抽取"
fi
WITH_RESULTS=$(json "$STATUS" 'j.filter((t) => t.stage !== "drawn").length')
if [ "$WITH_RESULTS" -eq 0 ]; then
  fail 1 "$YEAR 年度的 $(json "$STATUS" 'j.length') 个抽查任务都还没有录入检查结果，检查结果清单无法导出；没有生成年终材料" \
    "请先为每个任务生成填报表并导入：ssj results sheet 任务编号，填好后 ssj results import 文件"
fi

step "导出随机抽查事项清单" quiet export items -o "$STAGE/${YEAR}年度随机抽查事项清单.xlsx"
step "导出年度抽查工作计划" quiet export plan -o "$STAGE/${YEAR}年度抽查工作计划.xlsx"
draws() {
  quiet export draws -o "$STAGE/${YEAR}年度抽取结果.xlsx" || return $?
  quiet export draws --format csv -o "$STAGE/${YEAR}年度抽取结果.csv" || return $?
}
step "导出抽取结果（.xlsx 和 .csv）" draws
# 每次抽取所用的名录（按快照，不含电话、联络人、地址）和网页复核工具：这个文件夹本身就能复核全年的每一次抽取
lists() {
  local kind name h hashes
  for kind in entities inspectors; do
    [ "$kind" = entities ] && name=检查对象名录库 || name=执法检查人员名录
    hashes=$(node -e '
      const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter((l) => l.trim());
      const seen = new Set(lines.map((l) => JSON.parse(l)).filter((r) => r.kind === "draw").map((r) => r.inputs[process.argv[2]].snapshot));
      process.stdout.write([...seen].join("\n"));' "$STAGE/${YEAR}年度抽取结果.records.jsonl" "$kind") || return $?
    while IFS= read -r h; do
      [ -n "$h" ] || continue
      quiet export "$kind" --snapshot "$h" -o "$STAGE/$name（快照 ${h:0:12}）.xlsx" || return $?
    done <<<"$hashes"
  done
  quiet export verifier -o "$STAGE/抽取复核工具.html" || return $?
}
step "导出抽取所用的名录（每个快照一份）和网页复核工具" lists
results() {
  quiet export results -o "$STAGE/${YEAR}年度检查结果.xlsx" || return $?
  quiet export results --format csv -o "$STAGE/${YEAR}年度检查结果.csv" || return $?
}
step "导出检查结果（.xlsx 和 .csv）" results
# 记录表、报告、调整清单和证据材料不公开（回避情况、地址、操作人员、补抽原因、证据文件）：写在内部资料文件夹中
forms() {
  mkdir -p "$ISTAGE/抽查工作记录表" || return $?
  local t
  while IFS= read -r t; do
    quiet form "$t" -o "$ISTAGE/抽查工作记录表/$t 抽查工作记录表.xlsx" || return $?
  done <<<"$TASKS"
}
step "填写抽查工作记录表（$(printf '%s\n' "$TASKS" | wc -l | tr -d ' ') 份）" forms
# 报告在屏幕上显示一遍；其中提到的临时文件夹换成最终的输出文件夹
report() {
  local text rc=0
  text=$(run_ssj report -o "$ISTAGE/${YEAR}年度抽查情况报告.xlsx") || rc=$?
  printf '%s\n' "${text//"$ISTAGE"/"$INTERNAL"}"
  return "$rc"
}
step "生成年度抽查情况报告（ssj report）" report
# 名录库调整清单、证据材料索引（及 --evidence 时的证据材料），工作区副本（ssj rollup 用）
trail() {
  quiet export adjustments -o "$ISTAGE/${YEAR}年度检查对象名录库调整清单.xlsx" || return $?
  if ls "$ROOT/evidence/"*.json >/dev/null 2>&1; then
    quiet export evidence -o "$ISTAGE/${YEAR}年度证据材料索引.xlsx" || return $?
    if [ "$WITH_EVIDENCE" -eq 1 ]; then
      mkdir -p "$ISTAGE/证据材料" || return $?
      cp -p "$ROOT/evidence/files/"* "$ISTAGE/证据材料/" || return $?
    fi
  fi
}
step "导出名录库调整清单和证据材料索引" trail
copy() {
  local c="$ISTAGE/工作区副本" d
  mkdir -p "$c/imports" "$c/evidence" || return $?
  cp -p "$ROOT/ssj.json" "$c/" || return $?
  [ ! -f "$ROOT/节假日.json" ] || cp -p "$ROOT/节假日.json" "$c/" || return $?
  [ ! -f "$ROOT/imports/log.jsonl" ] || cp -p "$ROOT/imports/log.jsonl" "$c/imports/" || return $?
  for d in draws snapshots plans; do
    [ ! -d "$ROOT/$d" ] || cp -Rp "$ROOT/$d" "$c/" || return $?
  done
  local f
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    mkdir -p "$c/$(dirname "$f")" && cp -p "$ROOT/$f" "$c/$f" || return $?
  done < <(cd "$ROOT" && find results -type f \( -name '*.json' -o -name '*.jsonl' \) ! -name '.*' 2>/dev/null)
  if ls "$ROOT/evidence/"*.json >/dev/null 2>&1; then cp -p "$ROOT/evidence/"*.json "$c/evidence/" || return $?; fi
  if [ "$WITH_EVIDENCE" -eq 1 ] && [ -d "$ROOT/evidence/files" ]; then cp -Rp "$ROOT/evidence/files" "$c/evidence/" || return $?; fi
}
step "复制台账及其记录（内部资料 不得公开：工作区副本，供上级 ssj rollup 复核汇总）" copy

# 全部成功：放到位
if [ -d "$OUT" ]; then
  mv "$STAGE"/* "$OUT"/
  rmdir "$STAGE"
else
  mv "$STAGE" "$OUT"
fi
STAGE=
if [ -d "$INTERNAL" ]; then
  mv "$ISTAGE"/* "$INTERNAL"/
  rmdir "$ISTAGE"
else
  mv "$ISTAGE" "$INTERNAL"
fi
ISTAGE=

# ---------------------------------------------------------------------------------------------------
# 小结
STATUS="$OUT/抽查任务进度.json"
say ""
say "✔ $YEAR 年度年终材料已生成：$OUT"
say "  台账复核：$(json "$OUT/台账复核结果.json" 'j.records.length') 项抽取（补抽并入原抽取计）全部复核通过，台账链条完整"
say "  抽查任务：$(json "$STATUS" 'j.length') 个；已公示 $(json "$STATUS" 'j.filter((t) => t.stage === "published").length') 个，$(json "$STATUS" '`已录入结果未公示 ${j.filter((t) => t.stage === "results").length} 个，未录入结果 ${j.filter((t) => t.stage === "drawn").length} 个`')"
LATE=$(json "$STATUS" 'j.filter((t) => t.overdue).map((t) => t.task + (t.published ? `（${t.published} 公示，期限 ${t.due}）` : `（未公示，期限 ${t.due}）`)).join("、")')
[ -z "$LATE" ] || say "  ⚠ 逾期：$LATE"
NORES=$(json "$STATUS" 'j.filter((t) => t.stage === "drawn").map((t) => t.task).join("、")')
[ -z "$NORES" ] || say "  ⚠ 还没有录入检查结果：$NORES（检查结果清单中没有这些任务）"
UNPUB=$(json "$STATUS" 'j.filter((t) => t.stage === "results").map((t) => t.task).join("、")')
[ -z "$UNPUB" ] || say "  ⚠ 已录入结果但还没有登记公示：$UNPUB（公示后运行 ssj results publish 任务 --date 日期）"
say "  文件："
(cd "$OUT" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | sed 's/^/    /')
say "  内部资料（不得公开；记录表、报告、调整清单留存或报上级，工作区副本供上级 ssj rollup 复核汇总）：$INTERNAL"
(cd "$INTERNAL" && find . -path ./工作区副本 -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort | sed 's/^/    /')
say "    工作区副本/"
