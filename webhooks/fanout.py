"""Each clinic change recorded by the relay becomes a delivery to every endpoint that asked for
it, in the relay's own transaction (nothing recorded is lost between the two)."""
