/* Physical constants of the reference model, SI (marsdisk/constants.py; spec 30 §1.1, 10 §0.2).
 * Kept digit for digit: the port reproduces the reference's last bits. */
#ifndef MD_CONSTANTS_H
#define MD_CONSTANTS_H

#define MD_G 6.67430e-11               /* gravitational constant [m^3 kg^-1 s^-2] */
#define MD_C_LIGHT 2.99792458e8        /* speed of light [m s^-1] */
#define MD_SIGMA_SB 5.670374419e-8     /* Stefan-Boltzmann constant [W m^-2 K^-4] */
#define MD_R_GAS 8.314462618           /* molar gas constant [J mol^-1 K^-1] */
#define MD_M_MARS 6.4171e23            /* Mars mass [kg] */
#define MD_R_MARS 3.3895e6             /* Mars radius [m] */
#define MD_SECONDS_PER_DAY 86400.0     /* [s] */
#define MD_SECONDS_PER_YEAR 31557600.0 /* 365.25 d [s] */
#define MD_MAX_STEPS 50000000L         /* cap on the number of outer steps [-] */
#define MD_PI 3.14159265358979323846   /* numpy.pi */

#endif
