// Package config owns realtybot's configuration: the Config struct, loading
// it from the environment (names fixed by the design), the optional markets
// CSV file, and validation that says what is wrong and how to fix it. It
// imports nothing else of the project.
package config
