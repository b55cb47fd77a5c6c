#!/bin/sh
# make compare: vanban against the pipeline an office would script, on the
# same N documents (200 unless N is set) of the election sample:
#   vanban batch                  -> N PDF + N DOCX
#   docxtemplater (Node) fills a DOCX template N times -> N DOCX,
#   then LibreOffice converts them  -> N PDF
# The template is vanban's own DOCX of the first row, its values made tags
# (fill.js), so both sides make the same documents. LibreOffice runs once
# for all N files, the fastest way to call it, after a warm-up conversion
# that makes its profile (not timed). Wall time and peak memory (RSS) of
# each step are measured with /usr/bin/time. Needs Go, node and npm,
# LibreOffice (libreoffice-writer-nogui) and GNU time.
set -eu
N=${N:-200}
root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in go node npm soffice /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "compare: $tool is missing" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
(cd bench/compare && npm ci --no-audit --no-fund --silent)
go build -o "$work/vanban" ./cmd/vanban
head -n $((N + 1)) samples/batch/bau-cu-2026.csv >"$work/data.csv"

timed() { # timed NAME COMMAND...: runs it, appends "NAME seconds KB" to $work/times
	name=$1
	shift
	/usr/bin/time -f "$name %e %M" -a -o "$work/times" "$@" >"$work/$name.log" 2>&1 ||
		{ cat "$work/$name.log" >&2; exit 1; }
}

timed vanban "$work/vanban" batch -o "$work/vanban-out" samples/batch/bau-cu-2026.toml "$work/data.csv"
first=$(ls "$work"/vanban-out/*.docx | head -n 1) # the first row
timed docxtemplater node bench/compare/fill.js "$first" "$work/data.csv" "$work/filled"
lo="-env:UserInstallation=file://$work/lo-profile"
mkdir "$work/warm"
cp "$first" "$work/warm/"
soffice "$lo" --headless --norestore --convert-to pdf --outdir "$work/warm" "$work/warm/"*.docx >/dev/null 2>&1
timed libreoffice soffice "$lo" --headless --norestore --convert-to pdf --outdir "$work/lo-pdf" "$work"/filled/*.docx

pdfs=$(ls "$work"/vanban-out/*.pdf | wc -l)
lopdfs=$(ls "$work"/lo-pdf/*.pdf 2>/dev/null | wc -l)
[ "$pdfs" -eq "$N" ] && [ "$lopdfs" -eq "$N" ] || { echo "compare: $pdfs and $lopdfs PDFs, want $N each" >&2; exit 1; }

awk -v n="$N" '
	{ t[$1] = $2; m[$1] = $3 / 1024 }
	END {
		other = t["docxtemplater"] + t["libreoffice"]
		printf "%d documents, PDF and DOCX each\n\n", n
		printf "| pipeline | wall time | documents/s | peak memory |\n| --- | --- | --- | --- |\n"
		printf "| vanban batch | %.2f s | %.0f | %.0f MB |\n", t["vanban"], n / t["vanban"], m["vanban"]
		printf "| docxtemplater (fill DOCX) | %.2f s | %.0f | %.0f MB |\n", t["docxtemplater"], n / t["docxtemplater"], m["docxtemplater"]
		printf "| LibreOffice (DOCX to PDF) | %.2f s | %.1f | %.0f MB |\n", t["libreoffice"], n / t["libreoffice"], m["libreoffice"]
		printf "| docxtemplater + LibreOffice | %.2f s | %.1f | |\n\n", other, n / other
		printf "vanban is %.0f times as fast.\n", other / t["vanban"]
	}' "$work/times"
