/** A pool worker module that cannot even load, as in a broken install. */
throw new Error('this worker cannot load');
