"""Master data in and out: Commerce's Data Load CSVs imported into the world, and the world exported as them."""
