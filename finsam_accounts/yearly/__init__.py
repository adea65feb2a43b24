"""The yearly reporting pack: figures a förbund copies into other duties after the annual
report (the members' pack, five years at a glance), computed from the books."""
