"""The city card's records: cards, products, the ledger, devices and taps."""
