from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.EventList.as_view(), name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("registrations/", views.RegistrationList.as_view(), name="registrations"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("topics/", views.TopicList.as_view(), name="topics"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("courses/", views.CourseList.as_view(), name="courses"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("bookings/", views.BookingList.as_view(), name="bookings"),
    path("bookings/<int:pk>/attend/", views.booking_attend, name="booking_attend"),
    path("my/", views.my_events, name="my_events"),
    path("my/<int:pk>/", views.my_event, name="my_event"),
    path("my/<int:pk>/signup/", views.my_signup, name="my_signup"),
    path("my/<int:pk>/cancel/", views.my_cancel, name="my_cancel"),
    path("my/topics/", views.my_topics, name="my_topics"),
    path("my/topics/<int:pk>/vote/", views.my_vote, name="my_vote"),
    path("my/courses/", views.my_courses, name="my_courses"),
    path("my/sessions/<int:pk>/book/", views.my_book, name="my_book"),
    path("my/bookings/<int:pk>/cancel/", views.my_booking_cancel, name="my_booking_cancel"),
]
