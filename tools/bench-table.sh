#!/usr/bin/env bash
# The scaling figures as Markdown: runs `cargo bench --bench scaling` (benches/scaling.rs) and turns
# divan's output into tables: extraction MB/s (median) by text size × taxonomy size, then matcher
# compile and taxonomy load times (medians) by taxonomy.
#
#   tools/bench-table.sh                  run the whole bench (a few minutes), print the tables
#   tools/bench-table.sh -- ARGS...       pass ARGS to divan, e.g. a filter: -- extract::Builtin
#   tools/bench-table.sh --from FILE      only format the raw output of an earlier run
#
# The bench's own output goes to stderr while it runs and is kept in target/bench-scaling.txt (under
# $CARGO_TARGET_DIR when set); the tables go to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--from" ]]; then
  raw="${2:?--from needs the file of an earlier run}"
else
  [[ "${1:-}" == "--" ]] && shift
  raw="${CARGO_TARGET_DIR:-target}/bench-scaling.txt"
  mkdir -p "$(dirname "$raw")"
  rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [[ -n "$(git status --porcelain -- src skills.toml 2>/dev/null)" ]]; then
    rev="$rev + uncommitted engine changes"
  fi
  echo "# gapcheck $rev, $(nproc 2>/dev/null || echo '?') cores, $(date -u +%Y-%m-%d)" > "$raw"
  cargo bench --bench scaling -- --color never "$@" | tee -a "$raw" >&2
fi

awk '
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
function mbs(v,   a) {
  split(v, a, " ")
  if (a[2] == "B/s") return a[1] / 1e6
  if (a[2] == "KB/s") return a[1] / 1e3
  if (a[2] == "GB/s") return a[1] * 1e3
  if (a[2] == "KiB/s") return a[1] * 1024 / 1e6
  if (a[2] == "MiB/s") return a[1] * 1048576 / 1e6
  if (a[2] == "GiB/s") return a[1] * 1073741824 / 1e6
  return a[1] + 0
}
function size_label(n) {
  if (n >= 1000000 && n % 1000000 == 0) return (n / 1000000) " MB"
  if (n >= 1000 && n % 1000 == 0) return (n / 1000) " KB"
  return n " B"
}
function thousands(n,   s) {
  s = n ""
  while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s)
  return s
}
# A table of MB/s by text size (rows) and taxonomy (columns), from v[type, size].
function rate_table(title, v,   i, j, k, row) {
  print title
  print ""
  print head; print rule
  for (i = 1; i <= nsizes; i++) {
    row = "| " size_label(sizes[i]) " |"
    for (j = 1; j <= ntypes; j++) {
      k = types[j] SUBSEP sizes[i]
      row = row " " ((k in v) ? sprintf("%.1f", v[k]) : "–") " |"
    }
    print row
  }
  print ""
}
function add_type(t) { if (!(t in type_seen)) { type_seen[t] = 1; types[++ntypes] = t } }
BEGIN { FS = "│" }
/^# / { prov = substr($0, 3); next }
/^scaling: taxonomy / {
  split($0, w, " ")
  spell[w[3]] = w[5]; skills[w[3]] = w[7]
  i = index($0, "("); src = substr($0, i + 1); sub(/\)$/, "", src); source[w[3]] = src
  next
}
/^scaling: mentions / { split($0, w, " "); mentions[w[3]] = w[8]; next }
/^scaling: / { notes[++nnotes] = substr($0, 10); next }
NF >= 6 {
  left = $1
  for (i = 2; i <= NF - 5; i++) left = left "│" $i
  gsub(/│|├─|╰─/, " ", left)
  if (split(left, t, " ") == 0) next
  median = trim($(NF - 3))
  if (median ~ /\/s$/) {
    if (section == "extract" && size != "") rate[type, size] = mbs(median)
    if (section == "extract_only" && size != "") {
      only[type, size] = mbs(median)
      best[type, size] = mbs(trim($(NF - 5)))
    }
    if (section == "read" && size != "") readrate[size] = mbs(median)
    next
  }
  name = t[1]
  if (name == "scaling") next
  if (name == "compile" || name == "extract" || name == "extract_only" || name == "read" || name == "load" || name == "cached") { section = name; size = ""; next }
  if (section == "read" && name ~ /^[0-9]+$/) {
    size = name
    if (!(size in size_seen)) { size_seen[size] = 1; sizes[++nsizes] = size }
  } else if (section == "extract" || section == "extract_only") {
    if (name ~ /^[0-9]+$/) {
      size = name
      if (!(size in size_seen)) { size_seen[size] = 1; sizes[++nsizes] = size }
    } else { type = name; add_type(type) }
  } else if (section == "compile") { compile[name] = median; add_type(name) }
  else if (section == "load") { load[name] = median; add_type(name) }
  else if (section == "cached") { cached[name] = median; add_type(name) }
}
END {
  if (ntypes == 0) { print "bench-table: no divan results in the input" > "/dev/stderr"; exit 1 }
  if (prov != "") printf "Measured on %s with `tools/bench-table.sh`.\n\n", prov
  if (nsizes > 0) {
    head = "| text |"; rule = "| ---: |"
    for (j = 1; j <= ntypes; j++) {
      h = types[j]; if (types[j] in spell) h = h " (" thousands(spell[types[j]]) ")"
      head = head " " h " |"; rule = rule " ---: |"
    }
    rate_table("Extraction throughput, MB/s (median; `Document::from_text` + `Matcher::extract`, fuzzy on); columns: taxonomy (spellings)", rate)
    rate_table("Extraction only, MB/s (median; `Matcher::extract` on a document already read, fuzzy on)", only)
    rate_table("Extraction only, MB/s (fastest iteration of the same run: the speed of this machine when nothing else slows it)", best)
    print "Reading alone, MB/s (median; `Document::from_text`: normalising, lines, sections)"
    print ""
    row = "|"; r2 = "|"; r3 = "|"
    for (i = 1; i <= nsizes; i++) {
      row = row " " size_label(sizes[i]) " |"; r2 = r2 " ---: |"
      r3 = r3 " " ((sizes[i] in readrate) ? sprintf("%.1f", readrate[sizes[i]]) : "–") " |"
    }
    print row; print r2; print r3
    print ""
  }
  print "| taxonomy | spellings | skills | `Matcher::new` (median) | `Taxonomy::load` (median) | cached `Engine::load` (median) | mentions in 1 MB |"
  print "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for (j = 1; j <= ntypes; j++) {
    n = types[j]
    printf "| %s | %s | %s | %s | %s | %s | %s |\n", n, \
      (n in spell) ? thousands(spell[n]) : "?", (n in skills) ? thousands(skills[n]) : "?", \
      (n in compile) ? compile[n] : "–", (n in load) ? load[n] : "–", \
      (n in cached) ? cached[n] : "–", \
      (n in mentions) ? thousands(mentions[n]) : "–"
  }
  print ""
  for (j = 1; j <= ntypes; j++) if (types[j] in source) printf "- %s: %s\n", types[j], source[types[j]]
  for (i = 1; i <= nnotes; i++) printf "- %s\n", notes[i]
}
' "$raw"
