from django.test import override_settings

from sociale_basis.core.links import absolute_reverse, absolute_url


@override_settings(SITE_URL="https://sociale-basis.example.nl")
def test_links_that_leave_the_site_are_absolute():
    assert absolute_url("/hulp/mijn/") == "https://sociale-basis.example.nl/hulp/mijn/"
    assert absolute_url("https://elders.example/x") == "https://elders.example/x"
    assert absolute_reverse("areas:index").startswith("https://sociale-basis.example.nl/")
