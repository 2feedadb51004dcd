#!/bin/sh
# Issue "statistical confidentiality", acceptance: on two datasets obs has
# never seen, an independent attacker (tests/oracle/secret_attack.py, exact
# rational linear algebra over every additive equation of the published
# figures) gives back no masked value, and its negative control does give
# one back. Also `make secret-attack`.
exec sh "$SRC/tests/oracle/secret_attack.sh"
