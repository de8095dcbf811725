from django.contrib.auth.models import AnonymousUser

from massalia.core.permissions import actions, can


def test_an_action_without_a_rule_is_refused(city):
    assert not can(city.people["root"], "nobody.wrote.this.rule")


def test_an_inactive_account_may_do_nothing(city):
    root = city.people["root"]
    root.is_active = False
    assert not can(root, "accounts.configure")


def test_the_policy_knows_the_service_request_actions():
    assert {"servicerequests.view", "servicerequests.manage", "servicerequests.inbox"} <= set(
        actions()
    )


def test_only_administrators_configure(city):
    assert can(city.people["root"], "accounts.configure")
    assert not can(city.people["carol"], "accounts.configure")
    assert not can(AnonymousUser(), "accounts.configure")
