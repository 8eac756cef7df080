# The registry a seeded break is generated with: every revision a draft,
# no fingerprints, so the generator does not refuse the edited spec.
s/status="released"/status="draft"/
/^\s*fingerprint=/d
s/^\(\s*\)serves="[^"]*"\/>/\1\/>/
