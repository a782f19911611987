"""What the tests share: paths, factories of inboxes and histories, web clients, audio and servers.

Test modules import from here and never from one another or from a conftest, so that a test
file can move, or run alone, without taking another test file with it.
"""
