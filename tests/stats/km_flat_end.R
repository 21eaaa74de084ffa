# The Kaplan-Meier median where the curve stays at exactly 0.5 to its last time:
# quantile(fit, .5) gives 175 (the midpoint), print(fit) a median of 150
# (tests/stats/test_survival.cpp). Run: Rscript tests/stats/km_flat_end.R
library(survival)
d <- data.frame(t=c(100,150,150,200), e=c(1,1,0,0))
f <- survfit(Surv(t,e)~1, data=d)
print(f)
print(quantile(f, .5))
print(summary(f)$table)
print(packageVersion("survival"))
