"""The nightly batch: plain functions, the console, and the Prefect flows over them."""
