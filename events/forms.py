"""The invitation form: which lists, and when. It parses; `events.invitations` decides."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import DistributionList
from distribution.forms import MOMENT_FORMATS, ListChoiceField


class InviteForm(forms.Form):
    """The moment is typed in the issuer's zone: the view activates it while the form is
    rendered and cleaned. Empty: as soon as it is confirmed."""

    lists = ListChoiceField(
        queryset=DistributionList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one distribution list.")},
    )
    at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        input_formats=MOMENT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: straight away, when you confirm."),
    )

    def __init__(self, *args: Any, lists: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lists"]
        assert isinstance(field, ListChoiceField)
        field.queryset = lists.select_related("owner").order_by("-trusted_for_embargo", "name")
