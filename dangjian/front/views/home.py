from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.commitments.selectors import home_due
from dangjian.lib.forms import Form, posted
from dangjian.records.selectors import home_reminders

from .. import dashboards
from ..services import feedback_create


@login_required
def home(request):
    """What the user's roles need next; a user with several roles sees a panel for each."""
    reminders, total = home_reminders(request.user)
    commitments_due, commitments_total = home_due(request.user)
    return render(request, "front/home.html", {"panels": dashboards.panels_for(request.user),
                                               "reminders": reminders, "reminders_total": total,
                                               "commitments_due": commitments_due,
                                               "commitments_due_total": commitments_total})


class FeedbackForm(Form):
    text = forms.CharField(label=gettext_lazy("意见建议或投诉"), max_length=2000, widget=forms.Textarea)


@login_required
def feedback(request):
    form = FeedbackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        feedback_create(user=request.user, text=form.cleaned_data["text"], request=request)
        messages.success(request, _("已收到，谢谢。工委将及时答复。"))
        return redirect("home")
    return render(request, "front/feedback.html", {"form": form}, status=400 if form.is_bound else 200)
