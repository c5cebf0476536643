"""The mock interview screen: questions asked aloud, answered against the clock, then the report and the grades."""
