# Expected values of test_logistic.cpp's "a finite coefficient beside separated ones": every
# patient of group a had the outcome, so the intercept and grp's coefficient are infinite, and x
# is estimated from group b alone. glm stops at a finite x that more iterations do not move.
# Run: Rscript tests/stats/logistic_partial_separation.R (R 4.2.2, MASS for confint)
grp <- factor(c(rep("a", 4), rep("b", 8)))
x <- c(3, 5, 8, 6, 2, 4, 5, 7, 9, 3, 6, 8)
y <- c(1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1)
f <- suppressWarnings(glm(y ~ grp + x, family = binomial))
print(summary(f)$coefficients["x", ], digits = 15)
# Estimate 0.826876121367358, Std. Error 0.544985011979076, Pr(>|z|) 0.129204682702911
print(suppressMessages(suppressWarnings(confint(f)))["x", ], digits = 15)
# 2.5 % 0.0173285104631501, 97.5 % 2.4348238193317511
for (maxit in c(10, 25, 50))
    print(coef(suppressWarnings(glm(y ~ grp + x, family = binomial,
                                    control = glm.control(maxit = maxit))))["x"], digits = 15)
# maxit 25 and 50: 0.826876121367358 (maxit 10 stops before convergence: 0.82687611971566)
