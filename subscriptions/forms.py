from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Beat
from releases.newsroom import newsroom_topics
from subscriptions.models import Subscriber


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Releases in"), choices=Subscriber.Language.choices, widget=forms.RadioSelect
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Beat.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every release."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["topics"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = newsroom_topics(at=timezone.now())


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    # Left empty by people; filled by the bots that fill every field.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["email", "language", "topics"]
