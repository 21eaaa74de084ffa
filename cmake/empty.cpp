// Placeholder translation unit so a library whose sources are not written yet still configures.
