from django.urls import path

from massalia.portal import site_pages, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    *(
        path(f"{page.slug}/", views.site_page, {"slug": page.slug}, name=f"page_{page.key}")
        for page in site_pages.PAGES
    ),
]
