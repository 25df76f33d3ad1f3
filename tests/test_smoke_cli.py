def test_reflect_then_log_shows_the_checkin(attach, db_path):
    result = attach("reflect", "-a", "resourced=3", "--no-input")
    assert result.exit_code == 0, result.output
    assert "Saved check-in #1" in result.stdout
    listing = attach("log")
    assert listing.exit_code == 0, listing.output
    assert "resourced 3/5" in listing.stdout
    assert db_path.exists()
