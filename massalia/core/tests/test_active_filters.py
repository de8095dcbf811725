from django import forms
from django.http import QueryDict

from massalia.core.templatetags.forms import active_filters


class Search(forms.Form):
    q = forms.CharField(required=False)
    kinds = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B")])


def test_it_counts_the_fields_that_ask_something():
    assert active_filters(Search(QueryDict("q=trou&kinds=a&kinds=b&page=3"))) == 2


def test_blank_values_and_other_parameters_ask_nothing():
    assert active_filters(Search(QueryDict("q=++&kinds=&page=2"))) == 0


def test_an_unbound_form_asks_nothing():
    assert active_filters(Search()) == 0


def test_a_plain_dict_counts_too():
    assert active_filters(Search({"q": "banc", "kinds": None})) == 1
