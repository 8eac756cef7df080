# A platform that stops guests at their shutdown takes the 500th call of
# a run for a power-off: it records reason 0 and stops the guest in the
# middle of its suite, before the guest asked anything. With
# --stop-at-shutdown the run must stay a crash, though a reason was
# recorded. Test-local (test-runend), not one of the gate's scored seeds.
/^int pvp_platform_doorbell(/,/^}/s|^\tif (rc >= 0 && c->opt.stop_at_shutdown && c->shutdown_reason >= 0)$|\tif (rc >= 0 \&\& c->opt.stop_at_shutdown \&\& c->host.calls == 500)\n\t\tc->shutdown_reason = 0;\n&|
