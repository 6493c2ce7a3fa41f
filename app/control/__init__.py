"""Control: operator signals (promote, rollback, pause, resume, stop, config_update, retarget) executed
through the same services as the experiment endpoints, drift detection, the dynamic-threshold and
adaptive-profile loops, and the loop's status."""
