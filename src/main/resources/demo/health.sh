#!/bin/sh
# Gestan (démo) — contrôle de santé : le programme et ses données doivent être à la même version.
set -u
program=$(sed -n 's/^version=//p' package.properties)
if [ ! -f "$RELEASEGATE_DATA_DIR/schema-version" ]; then
  echo "ERREUR : pas de données Gestan dans $RELEASEGATE_DATA_DIR"
  exit 2
fi
data=$(cat "$RELEASEGATE_DATA_DIR/schema-version")
echo "Programme Gestan $program, données version $data"
if [ "$program" != "$data" ]; then
  echo "ERREUR : les données ne sont pas à la version du programme"
  exit 1
fi
echo "Clients : $(($(wc -l < "$RELEASEGATE_DATA_DIR/clients.csv") - 1)), factures : $(($(wc -l < "$RELEASEGATE_DATA_DIR/factures.csv") - 1))"
echo "OK"
