"""The demo that joins the desktop and the API on one machine, and the tests' helpers.

Not part of either product package: the line simulator (citizens placing real
SIP calls, the city network answering callbacks), the local Kamailio runner,
the in-process API thread, the screenshot script. Installed with the `demo`
extra (the source checkout has it); an operator's PC never needs it.
"""
