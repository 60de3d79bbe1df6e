#!/bin/sh
# Gestan (démo) 1.1 — migration des données 1.0 : ajoute la colonne « pays » aux clients.
set -eu
d="$RELEASEGATE_DATA_DIR"
version=$(cat "$d/schema-version")
if [ "$version" = "1.1" ]; then
  echo "Données déjà en 1.1 : rien à migrer"
  exit 0
fi
if [ "$version" != "1.0" ]; then
  echo "ERREUR : migration 1.0 → 1.1 impossible depuis des données $version"
  exit 1
fi
awk 'BEGIN { FS = OFS = ";" } NR == 1 { print $0, "pays"; next } { print $0, "FR" }' "$d/clients.csv" > "$d/clients.csv.new"
mv "$d/clients.csv.new" "$d/clients.csv"
echo "1.1" > "$d/schema-version"
echo "Migration 1.0 → 1.1 : $(($(wc -l < "$d/clients.csv") - 1)) clients, colonne « pays » ajoutée"
