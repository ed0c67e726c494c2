"""问题整改: problems a department raised with a unit, their measures, owner and deadline, the
unit's report that they are done and the raising department's verification (or send-back)."""
