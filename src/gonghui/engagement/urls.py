from django.urls import path

from . import views

app_name = "engagement"
urlpatterns = [
    path("questions/", views.QuestionList.as_view(), name="questions"),
    path("questions/new/", views.question_create, name="question_create"),
    path("questions/import/", views.question_import, name="question_import"),
    path("quizzes/", views.QuizList.as_view(), name="quizzes"),
    path("quizzes/new/", views.quiz_create, name="quiz_create"),
    path("quizzes/<int:pk>/", views.quiz_detail, name="quiz_detail"),
    path("results/", views.AttemptList.as_view(), name="attempts"),
    path("books/", views.BookList.as_view(), name="books"),
    path("books/new/", views.book_create, name="book_create"),
    path("plans/", views.PlanList.as_view(), name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("checkins/", views.CheckInList.as_view(), name="checkins"),
    # the member's pages (H5)
    path("quiz/", views.my_quiz, name="my_quiz"),
    path("quiz/<int:pk>/start/", views.quiz_start, name="quiz_start"),
    path("quiz/<int:pk>/board/", views.quiz_board, name="quiz_board"),
    path("quiz/attempts/<int:pk>/", views.quiz_take, name="quiz_take"),
    path("quiz/attempts/<int:pk>/result/", views.quiz_result, name="quiz_result"),
    path("reading/", views.my_reading, name="my_reading"),
    path("reading/<int:pk>/board/", views.reading_board, name="reading_board"),
]
